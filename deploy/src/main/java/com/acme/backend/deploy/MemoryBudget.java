package com.acme.backend.deploy;

import java.util.List;
import java.util.Map;

/**
 * The memory one instance needs, and the ECS task and App Runner instance size that follows from it. The container
 * runs the JVM and Vault Agent (vault-agent/entrypoint.sh), so it needs:
 * <pre>
 *   JVM heap            192 MiB  fixed by the image: -Xms192m -Xmx192m (Containerfile JVM_ARGS)
 * + JVM non-heap        288 MiB  measured: the highest RSS under bench/load.sh (474 MB with this heap) minus
 *                                the heap: metaspace, JIT code and compiler arenas, ~80 thread stacks, malloc
 * + Vault Agent          64 MiB  the agent's RSS with its templates, rounded up
 * + headroom             64 MiB  page cache for logs and the kernel's share of the cgroup
 * = needed              608 MiB
 * </pre>
 * The platforms sell memory in steps tied to the vCPU count, and production runs 1 vCPU (the measured start and
 * ramp need a whole CPU). With 1 vCPU the smallest size on both is 2 GiB (Fargate: 2-8 GiB in 1 GiB steps; App
 * Runner: 2, 3 or 4 GB), well above the 608 MiB needed: the memory alarms (80%) then mean a leak, not load.
 */
public final class MemoryBudget {

    static final int HEAP_MIB = 192;
    static final int NON_HEAP_MIB = 288;
    static final int VAULT_AGENT_MIB = 64;
    static final int HEADROOM_MIB = 64;

    /** vCPU units (1024 = 1 vCPU) for both targets. */
    static final int CPU_UNITS = 1024;

    /** Fargate's memory sizes (MiB) for each CPU size (units), from the smallest. */
    static final Map<Integer, List<Integer>> FARGATE_MIB = Map.of(
            256, List.of(512, 1024, 2048),
            512, List.of(1024, 2048, 3072, 4096),
            1024, List.of(2048, 3072, 4096, 5120, 6144, 7168, 8192));

    /** App Runner's memory sizes (GB) for each vCPU size. */
    static final Map<Integer, List<Integer>> APP_RUNNER_GB = Map.of(1024, List.of(2, 3, 4));

    private MemoryBudget() {
    }

    /** Heap + non-heap + Vault Agent + headroom, in MiB. */
    static int neededMib() {
        return HEAP_MIB + NON_HEAP_MIB + VAULT_AGENT_MIB + HEADROOM_MIB;
    }

    /** The ECS task's memory: the smallest Fargate size for {@link #CPU_UNITS} that holds what is needed. */
    static int ecsTaskMib() {
        return FARGATE_MIB.get(CPU_UNITS).stream().filter(m -> m >= neededMib()).findFirst().orElseThrow();
    }

    /** App Runner's instance memory, as its API spells it ("2 GB"). */
    static String appRunnerMemory() {
        int gb = APP_RUNNER_GB.get(CPU_UNITS).stream().filter(g -> g * 1000 >= neededMib() * 1.048576)
                .findFirst().orElseThrow();
        return gb + " GB";
    }

    /** App Runner's instance CPU, as its API spells it ("1 vCPU"). */
    static String appRunnerCpu() {
        return CPU_UNITS / 1024 + " vCPU";
    }
}
