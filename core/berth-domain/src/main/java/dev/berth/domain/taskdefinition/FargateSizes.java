package dev.berth.domain.taskdefinition;

/** The task cpu/memory combinations Fargate offers (ECS developer guide, "Task size"). */
public final class FargateSizes {
    private FargateSizes() {
    }

    public static boolean isSupported(int cpu, int memory) {
        return switch (cpu) {
            case 256 -> memory == 512 || memory == 1024 || memory == 2048;
            case 512 -> memory >= 1024 && memory <= 4096 && memory % 1024 == 0;
            case 1024 -> memory >= 2048 && memory <= 8192 && memory % 1024 == 0;
            case 2048 -> memory >= 4096 && memory <= 16384 && memory % 1024 == 0;
            case 4096 -> memory >= 8192 && memory <= 30720 && memory % 1024 == 0;
            case 8192 -> memory >= 16384 && memory <= 61440 && memory % 4096 == 0;
            case 16384 -> memory >= 32768 && memory <= 122880 && memory % 8192 == 0;
            default -> false;
        };
    }
}
