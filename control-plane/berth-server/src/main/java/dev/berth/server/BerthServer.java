package dev.berth.server;

import dev.berth.aws.auth.AcceptAnyCredentials;
import dev.berth.aws.auth.Authenticator;
import dev.berth.aws.auth.SigV4Verifier;
import dev.berth.aws.model.ValidationErrors;
import dev.berth.aws.protocol.AwsJsonDispatcher;
import dev.berth.aws.query.QueryDispatcher;
import dev.berth.aws.query.QueryService;
import dev.berth.domain.error.ElbErrors;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecr.EcrApi;
import dev.berth.ecs.EcsApi;
import dev.berth.ecs.controller.Controller;
import dev.berth.elb.ElbApi;
import dev.berth.elb.ElbSettings;
import dev.berth.lb.DataPlane;
import dev.berth.lb.DataPlaneOptions;
import dev.berth.lb.config.DataPlaneListener;
import dev.berth.lb.config.TargetHealth;
import java.util.ArrayList;
import dev.berth.ecs.agent.AgentApi;
import dev.berth.ecs.agent.AgentHttp;
import dev.berth.server.control.ControllerLoop;
import dev.berth.server.edge.Route;
import dev.berth.server.edge.EdgeServer;
import dev.berth.server.metrics.ApiMetrics;
import dev.berth.store.Store;
import dev.berth.store.Stores;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The composition root of a control-plane process: opens the store, builds the front doors and
 * serves them on the edge. Constructors only assign; {@link #start} does the work and
 * {@link #close} undoes it in reverse. Tests boot exactly this wiring on port 0.
 */
public final class BerthServer implements AutoCloseable {
    private final ServerConfig config;
    private final Clock clock;
    private final IdGenerator ids;
    private final RandomGenerator random;
    private Store store;
    private ControllerLoop controllers;
    private EcsApi ecs;
    private ElbApi elb;
    private EcrApi ecr;
    private DataPlane dataPlane;
    private EdgeServer edge;
    private ApiMetrics metrics;
    private int port;

    public BerthServer(ServerConfig config, Clock clock, IdGenerator ids, RandomGenerator random) {
        this.config = config;
        this.clock = clock;
        this.ids = ids;
        this.random = random;
    }

    /** Starts everything; returns the edge port. On failure, what was started is stopped again. */
    public int start() {
        try {
            store = Stores.open(config.store(), config.dataDir());
            DeferredListener reports = new DeferredListener();
            dataPlane = new DataPlane(DataPlaneOptions.defaults(), reports);
            elb = new ElbApi(store, ids, new ElbSettings(config.host()), dataPlane::apply);
            reports.target = elb.dataPlaneListener();
            ecs = new EcsApi(store, clock, ids, random, config.ecs(), elb.targetGroupCheck());
            ecs.start();
            AgentApi agentApi = ecs.agents();
            ecr = new EcrApi(store, clock, config.accountId(), this::registryHost, config.dataDir().resolve("registry"),
                    config.registry(), token -> agentApi.authenticate(token).isPresent());
            metrics = new ApiMetrics(store);
            Authenticator authenticator = config.authEnabled()
                    ? new SigV4Verifier(config.credentials(), clock)
                    : new AcceptAnyCredentials(config.defaultRegion());
            AwsJsonDispatcher dispatcher = new AwsJsonDispatcher(List.of(ecs.service(), ecr.service()), authenticator,
                    config.accountId(), clock, ids, metrics);
            QueryService.Builder elbv2 = QueryService.builder("elbv2",
                    new ValidationErrors(ElbErrors.VALIDATION, ElbErrors.VALIDATION));
            elb.operations().forEach(elbv2::operation);
            List<QueryService> queryServices = List.of(elbv2.build());
            QueryDispatcher queryDispatcher = new QueryDispatcher(queryServices, authenticator, config.accountId(), clock,
                    ids, metrics);
            AgentHttp agents = ecs.agentHttp();
            edge = new EdgeServer(dispatcher, queryDispatcher, List.of(new Route(AgentHttp::accepts, agents::handle)),
                    ecr.distribution()::handle,
                    this::health, metrics::scrape, config.maxRequestBytes(), ids);
            port = edge.start(config.host(), config.port());
            List<Controller> all = new ArrayList<>(ecs.controllers());
            all.addAll(elb.controllers());
            all.addAll(ecr.controllers());
            controllers = new ControllerLoop(all, clock, store);
            controllers.start();
            return port;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://" + config.host() + ":" + port;
    }

    /**
     * The {@code host:port} images are pushed to and pulled from: the edge's own address, or this
     * machine's name when the edge listens on every interface.
     */
    public String registryHost() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                host = java.net.InetAddress.getLocalHost().getCanonicalHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The registry's controller, for a sweep on demand (tests). */
    public EcrApi ecr() {
        return ecr;
    }

    public java.nio.file.Path dataDir() {
        return config.dataDir();
    }

    public Store store() {
        return store;
    }

    /** The agent protocol of this server, for an agent in the same process. */
    public AgentApi agents() {
        return ecs.agents();
    }

    /**
     * The data plane is built before the ELB control plane that listens to it (which needs the
     * data plane to apply its configuration): this hands what the data plane reports on once both exist.
     */
    private static final class DeferredListener implements DataPlaneListener {
        private volatile DataPlaneListener target;

        @Override
        public void healthChanged(String targetGroupArn, String targetKey, TargetHealth health) {
            DataPlaneListener current = target;
            if (current != null) {
                current.healthChanged(targetGroupArn, targetKey, health);
            }
        }

        @Override
        public void drained(String targetGroupArn, String targetKey) {
            DataPlaneListener current = target;
            if (current != null) {
                current.drained(targetGroupArn, targetKey);
            }
        }
    }

    private String health() {
        return "{\"status\":\"UP\",\"changeIndex\":" + store.currentIndex() + "}";
    }

    @Override
    public void close() {
        if (controllers != null) {
            controllers.close();
            controllers = null;
        }
        if (edge != null) {
            edge.close();
            edge = null;
        }
        if (elb != null) {
            elb.close();
            elb = null;
        }
        if (dataPlane != null) {
            dataPlane.close();
            dataPlane = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
