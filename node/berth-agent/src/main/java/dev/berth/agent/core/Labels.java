package dev.berth.agent.core;

/** The labels by which the agent finds what it owns on the engine after any restart. */
public final class Labels {
    public static final String CLUSTER = "berth.cluster";
    public static final String TASK = "berth.task";
    public static final String CONTAINER = "berth.container";
    public static final String INSTANCE = "berth.instance";
    public static final String TASK_DEFINITION = "berth.task-definition";
    /** "sandbox" on the container that holds an awsvpc task's network namespace. */
    public static final String ROLE = "berth.role";
    public static final String SANDBOX = "sandbox";

    private Labels() {
    }
}
