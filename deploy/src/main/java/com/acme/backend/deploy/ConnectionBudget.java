package com.acme.backend.deploy;

import java.util.Map;

/**
 * Whether the database can take every connection the service may open: pool size × maximum instances × 2 (during a
 * deploy the old and the new instances run side by side) × the number of targets deployed against the same database
 * ({@code targets=apprunner,ecs} runs two independently scaled fleets, so it doubles the count) must fit within 90% of
 * MySQL's default {@code max_connections} on RDS, leaving room for administrators, Vault's database engine and
 * migrations.
 * <p>
 * RDS sets {@code max_connections} to {@code DBInstanceClassMemory / 12582880}, and {@code DBInstanceClassMemory} is
 * the class's memory less what the operating system and RDS keep (observed: 92-93% of nominal on larger classes,
 * less on small ones). The budget counts 90% of nominal memory, so it errs on the side of refusing.
 */
public record ConnectionBudget(int poolMax, int maxInstances, int targets, String instanceClass) {

    /** Memory of the RDS instance classes this app offers, in GiB. */
    static final Map<String, Integer> MEMORY_GIB = Map.of(
            "db.t3.medium",
            4,
            "db.t4g.medium",
            4,
            "db.t3.large",
            8,
            "db.t4g.large",
            8,
            "db.r6g.large",
            16,
            "db.r7g.large",
            16,
            "db.r6g.xlarge",
            32,
            "db.r7g.xlarge",
            32);

    private static final long BYTES_PER_CONNECTION = 12_582_880;

    public ConnectionBudget {
        if (targets < 1) {
            throw new IllegalArgumentException("At least one target uses the database; got " + targets);
        }
    }

    public int needed() {
        return poolMax * maxInstances * 2 * targets;
    }

    /** The connections the service may use: 90% of the estimated {@code max_connections}. */
    public int available() {
        Integer gib = MEMORY_GIB.get(instanceClass);
        if (gib == null) {
            throw new IllegalArgumentException(
                    "Unknown database instance class " + instanceClass + "; known: " + MEMORY_GIB.keySet());
        }
        long instanceClassMemory = gib * 1024L * 1024 * 1024 * 9 / 10;
        long maxConnections = instanceClassMemory / BYTES_PER_CONNECTION;
        return (int) (maxConnections * 9 / 10);
    }

    /** @throws IllegalArgumentException when the budget does not fit, naming the numbers */
    public ConnectionBudget check() {
        if (needed() > available()) {
            throw new IllegalArgumentException("Connection budget exceeded: pool " + poolMax + " x " + maxInstances
                    + " instances x 2 (deploy overlap) x " + targets + " target(s) = " + needed()
                    + " connections, but " + instanceClass + " allows about " + available()
                    + ". Lower dbPoolMax or maxInstances, deploy fewer targets, or choose a larger dbInstanceClass.");
        }
        return this;
    }
}
