package kodoku;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A real Neo4j 5.26 community server for the tests: the embedded DBMS with its Bolt
 * connector on a loopback port, authentication on.
 *
 * <p>Usage: {@code java -cp classes:lib/* kodoku.Launcher HOME PORT} with the password of
 * the user {@code neo4j} in the environment variable {@code NEO4J_PASSWORD} (and the page
 * cache size in {@code NEO4J_PAGECACHE_MB}, default 128). Prints {@code
 * READY bolt://127.0.0.1:PORT} on stdout once Bolt accepts connections with that password,
 * then runs until stdin closes or the process is terminated.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: kodoku.Launcher HOME PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    String password = System.getenv().getOrDefault("NEO4J_PASSWORD", "kodoku-graph");
    long pagecacheMb = Long.parseLong(System.getenv().getOrDefault("NEO4J_PAGECACHE_MB", "128"));

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMb))
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

    // The initial user neo4j/neo4j must change its password before it may query:
    // set the test password on the system database, as `neo4j-admin dbms
    // set-initial-password` would.
    dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
        .executeTransactionally(
            "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));

    System.out.println("READY bolt://127.0.0.1:" + port);
    System.out.flush();
    // Stop when the parent closes our stdin (or dies).
    while (System.in.read() != -1) {
      // ignore input
    }
    System.exit(0);
  }
}
