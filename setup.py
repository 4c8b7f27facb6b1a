"""The package list, derived from the folders (project metadata is in pyproject.toml).

The installed package ``prospectus_kg`` is put together from four top-level folders: ``core/`` (the
command line, errors, atomic writes, the graph-folder reader) is ``prospectus_kg`` itself, and
``graph/``, ``ontology/`` and ``exports/`` are its subpackages. No folder at the root is named
``prospectus_kg``, so a process started in the checkout imports the installed package, never a
half of it. Every folder below these that holds an ``__init__.py`` is a package of the wheel:
nothing is listed by hand (``tests/test_wheel.py`` checks the built wheel against the folders).
"""

from setuptools import find_packages, setup

ROOTS = {"prospectus_kg": "core", "prospectus_kg.graph": "graph", "prospectus_kg.ontology": "ontology",
         "prospectus_kg.exports": "exports"}

packages = []
for package, folder in ROOTS.items():
    packages.append(package)
    packages += [f"{package}.{sub}" for sub in find_packages(folder)]

setup(packages=packages, package_dir=ROOTS)
