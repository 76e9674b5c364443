// Minimal launcher used by scripts/neo4j-local: runs a Neo4j Community DBMS
// (the same kernel and Bolt server as the packaged distribution, taken from the
// org.neo4j.test:neo4j-harness dependency tree) with Bolt on loopback and
// authentication enabled, until it receives SIGTERM.
//
// Usage: java ... Neo4jLocal <homeDir> <neo4j.conf> <runDir> <requestedPlugins>
//   <runDir>/password   (read)  password to set for user "neo4j" (mode 600, never on argv)
//   <runDir>/plugins    (write) one line per requested plugin: "<name> <version>|not-loaded ..."
//   <runDir>/ready      (write) created once Bolt is up and the password is set
//
// Only the public embedded API (org.neo4j.dbms.api / org.neo4j.graphdb) is used,
// so it compiles against the core classpath alone; plugins are probed with Cypher.

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;

public final class Neo4jLocal {
    private static final String DEFAULT_DB = "neo4j";
    private static final String SYSTEM_DB = "system";

    private Neo4jLocal() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Neo4jLocal <homeDir> <neo4j.conf> <runDir> [plugins]");
            System.exit(64);
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        Path conf = Paths.get(args[1]).toAbsolutePath();
        Path run = Paths.get(args[2]).toAbsolutePath();
        String requested = args.length > 3 ? args[3] : "";
        Path ready = run.resolve("ready");
        Files.deleteIfExists(ready);

        String password = Files.readString(run.resolve("password"), StandardCharsets.UTF_8).trim();
        if (password.length() < 8) {
            fail("password file must hold at least 8 characters", null);
        }

        long t0 = System.nanoTime();
        log("starting Neo4j (home " + home + ")");
        final DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        } catch (Throwable t) {
            fail("Neo4j failed to start", t);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
            } catch (IOException ignored) {
                // best effort
            }
            log("shutting down");
            try {
                dbms.shutdown();
                log("stopped cleanly");
            } catch (Throwable t) {
                System.err.println("[neo4j-local] error during shutdown: " + t);
            }
        }, "neo4j-local-shutdown"));

        try {
            GraphDatabaseService system = dbms.database(SYSTEM_DB);
            GraphDatabaseService db = dbms.database(DEFAULT_DB);
            if (!system.isAvailable(Duration.ofSeconds(120).toMillis())
                    || !db.isAvailable(Duration.ofSeconds(120).toMillis())) {
                fail("databases did not become available", null);
            }
            // The embedded API bypasses auth, so this works whether or not the
            // password was set before (persisted data dir) - Bolt clients need it.
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));

            List<String> lines = new ArrayList<>();
            for (String name : requested.split(",")) {
                name = name.trim();
                if (!name.isEmpty()) {
                    lines.add(probePlugin(db, name));
                }
            }
            writeAtomically(run.resolve("plugins"), String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
            writeAtomically(ready, ProcessHandle.current().pid() + "\n");
            log(String.format("ready in %.1fs; plugins: %s", (System.nanoTime() - t0) / 1e9,
                    lines.isEmpty() ? "none" : String.join("; ", lines)));
        } catch (Throwable t) {
            fail("post-start setup failed", t);
        }
        new CountDownLatch(1).await(); // until SIGTERM runs the shutdown hook
    }

    private static String probePlugin(GraphDatabaseService db, String name) {
        String prefix = name + ".";
        long procs = count(db, "SHOW PROCEDURES YIELD name WHERE name STARTS WITH $p RETURN count(*) AS c", prefix);
        long funcs = count(db, "SHOW FUNCTIONS YIELD name WHERE name STARTS WITH $p RETURN count(*) AS c", prefix);
        String version = null;
        try {
            version = db.executeTransactionally("RETURN " + name + ".version() AS v", Map.of(),
                    r -> r.hasNext() ? String.valueOf(r.next().get("v")) : null);
        } catch (Throwable t) {
            // function missing -> plugin not loaded
        }
        if (version == null || procs + funcs == 0) {
            return name + " not-loaded procedures=" + procs + " functions=" + funcs;
        }
        return name + " " + version + " procedures=" + procs + " functions=" + funcs;
    }

    private static long count(GraphDatabaseService db, String query, String prefix) {
        try {
            return db.executeTransactionally(query, Map.of("p", prefix), (Result r) -> {
                Object c = r.hasNext() ? r.next().get("c") : null;
                return c instanceof Number ? ((Number) c).longValue() : 0L;
            });
        } catch (Throwable t) {
            return 0L;
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void log(String msg) {
        System.out.println("[neo4j-local] " + msg);
        System.out.flush();
    }

    private static void fail(String msg, Throwable t) {
        System.err.println("[neo4j-local] FATAL: " + msg);
        if (t != null) {
            t.printStackTrace();
        }
        System.err.flush();
        // halt: skip shutdown hooks that could block on a half-started DBMS
        Runtime.getRuntime().halt(1);
    }
}
