// Minimal launcher used by scripts/neo4j-local: runs a Neo4j Community DBMS
// (the same kernel and Bolt server as the packaged distribution, taken from the
// org.neo4j.test:neo4j-harness dependency tree) with Bolt on loopback and
// authentication enabled, until it receives SIGTERM.
//
// Usage: java ... Neo4jLocal <homeDir> <neo4j.conf> <runDir> <requestedPlugins>
//   <runDir>/password   (read)  password to set for user "neo4j" (mode 600, never on argv)
//   <runDir>/plugins    (write) one line per requested plugin: "<name> <version>|not-loaded ..."
//   <runDir>/ready      (write) created once Bolt is up and the password is set
//   <runDir>/failure    (write) "startup" (DBMS did not start) or "setup" (it started,
//                       but setting the password / probing plugins failed)
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
        Files.deleteIfExists(run.resolve("failure"));

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
            writeQuietly(run.resolve("failure"), "startup\n");
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
                throw new IllegalStateException("databases did not become available");
            }
            setPassword(system, password);

            List<String> lines = new ArrayList<>();
            if (!requested.isBlank()) {
                List<String> procs = names(db, "SHOW PROCEDURES YIELD name RETURN name");
                List<String> funcs = names(db, "SHOW FUNCTIONS YIELD name RETURN name");
                for (String name : requested.split(",")) {
                    name = name.trim();
                    if (!name.isEmpty()) {
                        lines.add(probePlugin(db, name, procs, funcs));
                    }
                }
            }
            writeAtomically(run.resolve("plugins"), String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
            writeAtomically(ready, ProcessHandle.current().pid() + "\n");
            log(String.format("ready in %.1fs; plugins: %s", (System.nanoTime() - t0) / 1e9,
                    lines.isEmpty() ? "none" : String.join("; ", lines)));
        } catch (Throwable t) {
            writeQuietly(run.resolve("failure"), "setup\n");
            fail("post-start setup failed", t);
        }
        new CountDownLatch(1).await(); // until SIGTERM runs the shutdown hook
    }

    /**
     * The embedded API bypasses auth, so this works whether or not a password was
     * set before (the data dir persists between starts); Bolt clients need it.
     */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // restart with the stored password: Neo4j refuses "changing" to the same one
            if (!String.valueOf(messages(e)).contains("cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 10_000; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static String probePlugin(GraphDatabaseService db, String name, List<String> allProcs,
            List<String> allFuncs) {
        String prefix = name + ".";
        long procs = allProcs.stream().filter(n -> n.startsWith(prefix)).count();
        long funcs = allFuncs.stream().filter(n -> n.startsWith(prefix)).count();
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

    private static List<String> names(GraphDatabaseService db, String query) {
        try {
            return db.executeTransactionally(query, Map.of(), (Result r) -> {
                List<String> out = new ArrayList<>();
                while (r.hasNext()) {
                    out.add(String.valueOf(r.next().get("name")));
                }
                return out;
            });
        } catch (Throwable t) {
            return List.of();
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeQuietly(Path target, String content) {
        try {
            Files.writeString(target, content, StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // best effort
        }
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
