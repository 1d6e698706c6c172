package dev.berth.ecr;

import dev.berth.aws.model.ServiceModel;
import dev.berth.aws.model.ValidationErrors;
import dev.berth.aws.protocol.JsonOperation;
import dev.berth.aws.protocol.JsonService;
import dev.berth.domain.error.EcrErrors;
import dev.berth.ecs.controller.Controller;
import dev.berth.registry.blob.BlobStore;
import dev.berth.registry.http.Distribution;
import dev.berth.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The ECR control plane over one store and one blob directory: the API front door
 * ({@code AmazonEC2ContainerRegistry_V20150921}), the distribution protocol under {@code /v2/},
 * and the sweeper that applies lifecycle policies and collects garbage.
 */
public final class EcrApi {
    private final RepositoryOperations repositories;
    private final ImageOperations images;
    private final LifecyclePolicyOperations lifecycle;
    private final AuthorizationTokens tokens;
    private final RegistrySweeper sweeper;
    private final Distribution distribution;

    /**
     * @param registryId the account repositories belong to
     * @param registryHost the {@code host:port} clients push to, once the edge is bound
     * @param blobRoot where blobs are kept
     * @param agentToken whether a password is a registered agent's instance token
     */
    public EcrApi(Store store, Clock clock, String registryId, Supplier<String> registryHost, Path blobRoot,
                  EcrSettings settings, Predicate<String> agentToken) {
        Registry registry = new Registry(registryId, registryHost);
        BlobStore blobs = new BlobStore(blobRoot, clock);
        StoreRegistryIndex index = new StoreRegistryIndex(store, clock);
        this.repositories = new RepositoryOperations(store, registry);
        this.images = new ImageOperations(store, registry, repositories, index);
        this.sweeper = new RegistrySweeper(store, blobs, settings);
        this.lifecycle = new LifecyclePolicyOperations(store, registry, repositories, sweeper::request);
        this.tokens = new AuthorizationTokens(store, registry);
        this.distribution = new Distribution(blobs, index, new RegistryLogins(tokens, agentToken, clock), registryId);
    }

    public Distribution distribution() {
        return distribution;
    }

    public RegistrySweeper sweeper() {
        return sweeper;
    }

    public List<Controller> controllers() {
        return List.of(sweeper);
    }

    /** The awsJson front door. */
    public JsonService service() {
        JsonService.Builder builder = JsonService.builder(ServiceModel.load("ecr"),
                new ValidationErrors(EcrErrors.INVALID_PARAMETER, EcrErrors.INVALID_PARAMETER));
        operations().forEach(builder::operation);
        return builder.build();
    }

    /** The operations by the model's names. */
    public Map<String, JsonOperation> operations() {
        Map<String, JsonOperation> operations = new LinkedHashMap<>();
        operations.put("CreateRepository", repositories::createRepository);
        operations.put("DescribeRepositories", repositories::describeRepositories);
        operations.put("DeleteRepository", repositories::deleteRepository);
        operations.put("PutImageTagMutability", repositories::putImageTagMutability);
        operations.put("ListImages", images::listImages);
        operations.put("DescribeImages", images::describeImages);
        operations.put("BatchGetImage", images::batchGetImage);
        operations.put("BatchDeleteImage", images::batchDeleteImage);
        operations.put("PutImage", images::putImage);
        operations.put("GetAuthorizationToken", tokens::getAuthorizationToken);
        operations.put("PutLifecyclePolicy", lifecycle::putLifecyclePolicy);
        operations.put("GetLifecyclePolicy", lifecycle::getLifecyclePolicy);
        operations.put("DeleteLifecyclePolicy", lifecycle::deleteLifecyclePolicy);
        operations.put("StartLifecyclePolicyPreview", lifecycle::startLifecyclePolicyPreview);
        operations.put("GetLifecyclePolicyPreview", lifecycle::getLifecyclePolicyPreview);
        return operations;
    }
}
