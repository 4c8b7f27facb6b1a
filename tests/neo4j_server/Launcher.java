// Test tooling, not part of the product: an embedded Neo4j 5 with its Bolt connector on a loopback
// port, for the tests and benchmarks that load the Neo4j export into a real server.
//
//   java -cp '.cache/neo4j-server/lib/*' tests/neo4j_server/Launcher.java HOME PORT
//
// HOME is the server's folder (data/, logs/, import/ for LOAD CSV; neo4j-admin writes the same
// layout), PORT the Bolt port on 127.0.0.1. The password of user neo4j is read from the environment
// variable NEO4J_PASSWORD (at least 8 characters) and set at start, so authentication is on as on a
// real server. Prints "ready" once the databases are up; stops cleanly on SIGTERM (a shutdown hook).
// Started and stopped by PID from tests/neo4j_server/server.py.

import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher HOME PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must hold at least 8 characters");
            System.exit(2);
        }
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, home.resolve("import"))
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join();
    }
}
