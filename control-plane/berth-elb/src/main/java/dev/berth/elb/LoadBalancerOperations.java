package dev.berth.elb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecs.common.Json;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CreateLoadBalancer, DescribeLoadBalancers and DeleteLoadBalancer. A Berth load balancer is a
 * name for a set of listeners on this host: it is {@code active} as soon as it exists (there is
 * nothing to provision), and its DNSName is {@code host:port} of its first listener, something a
 * user can curl. Subnets, security groups and zones are kept as given and mean nothing here.
 */
public final class LoadBalancerOperations {
    static final int WRITE_ATTEMPTS = 5;
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?");

    private final Store store;
    private final IdGenerator ids;
    private final ElbSettings settings;

    public LoadBalancerOperations(Store store, IdGenerator ids, ElbSettings settings) {
        this.store = store;
        this.ids = ids;
        this.settings = settings;
    }

    public JsonNode createLoadBalancer(RequestContext context, ObjectNode input) {
        String name = input.get("Name").asText();
        checkName(name, "load balancer");
        if (name.startsWith("internal-")) {
            throw new ApiException(ElbErrors.VALIDATION, "A load balancer name cannot begin with 'internal-'.");
        }
        String type = input.path("Type").asText("application");
        if (!type.equals("application")) {
            throw new ApiException(ElbErrors.OPERATION_NOT_PERMITTED, "Berth serves application load balancers only; "
                    + "Type '" + type + "' is not supported.");
        }
        ObjectNode wanted = Json.object();
        wanted.put("Scheme", input.path("Scheme").asText("internet-facing"));
        wanted.put("IpAddressType", input.path("IpAddressType").asText("ipv4"));
        wanted.set("SecurityGroups", input.has("SecurityGroups") ? input.get("SecurityGroups") : Json.object().arrayNode());
        ArrayNode zones = Json.object().arrayNode();
        JsonNode subnets = input.has("SubnetMappings") ? input.get("SubnetMappings") : input.path("Subnets");
        for (int i = 0; i < subnets.size(); i++) {
            String subnet = subnets.get(i).isTextual() ? subnets.get(i).asText() : subnets.get(i).path("SubnetId").asText();
            zones.addObject().put("ZoneName", "berth-" + (char) ('a' + i % 26)).put("SubnetId", subnet);
        }
        wanted.set("AvailabilityZones", zones);
        ObjectNode created = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            Optional<Record> existing = tx.get(ElbKinds.LOAD_BALANCER, name);
            if (existing.isPresent()) {
                ObjectNode body = Json.body(existing.get());
                for (String member : List.of("Scheme", "IpAddressType", "SecurityGroups", "AvailabilityZones")) {
                    if (!body.path(member).equals(wanted.get(member))) {
                        throw new ApiException(ElbErrors.DUPLICATE_LOAD_BALANCER_NAME, "A load balancer with the same name '"
                                + name + "' exists, but with different settings");
                    }
                }
                return body; // the same settings again: ELB answers with the one that exists
            }
            String id = ids.newId().substring(0, 16);
            ObjectNode body = Json.object();
            body.put("LoadBalancerArn", ElbArns.loadBalancer(context, name, id));
            body.put("DNSName", settings.listenerHost());
            body.put("CanonicalHostedZoneId", "ZBERTH0LOCAL");
            body.set("CreatedTime", AwsJson.epochSeconds(context.receivedAt()));
            body.put("LoadBalancerName", name);
            body.put("Scheme", wanted.get("Scheme").asText());
            body.put("VpcId", "vpc-berth");
            body.putObject("State").put("Code", "active");
            body.put("Type", "application");
            body.set("AvailabilityZones", zones);
            body.set("SecurityGroups", wanted.get("SecurityGroups"));
            body.put("IpAddressType", wanted.get("IpAddressType").asText());
            if (input.has("Tags")) {
                body.set("_tags", input.get("Tags"));
            }
            tx.put(ElbKinds.LOAD_BALANCER, name, Json.text(body), 0);
            return body;
        });
        ObjectNode output = Json.object();
        output.putArray("LoadBalancers").add(render(created, ElbResources.of(store)));
        return output;
    }

    public JsonNode describeLoadBalancers(RequestContext context, ObjectNode input) {
        ElbResources resources = ElbResources.of(store);
        List<Record> found = new ArrayList<>();
        if (input.has("LoadBalancerArns")) {
            for (JsonNode arn : input.get("LoadBalancerArns")) {
                found.add(resources.loadBalancer(arn.asText()));
            }
        } else if (input.has("Names")) {
            List<String> missing = new ArrayList<>();
            for (JsonNode name : input.get("Names")) {
                resources.get(ElbKinds.LOAD_BALANCER, name.asText()).ifPresentOrElse(found::add,
                        () -> missing.add(name.asText()));
            }
            if (!missing.isEmpty()) {
                throw new ApiException(ElbErrors.LOAD_BALANCER_NOT_FOUND, "Load balancers '" + missing + "' not found");
            }
        } else {
            found.addAll(resources.all(ElbKinds.LOAD_BALANCER, ""));
        }
        ObjectNode output = Json.object();
        ArrayNode list = output.putArray("LoadBalancers");
        Paging.page(found, input, Record::id, output, record -> list.add(render(Json.body(record), resources)));
        return output;
    }

    public JsonNode deleteLoadBalancer(RequestContext context, ObjectNode input) {
        String arn = input.get("LoadBalancerArn").asText();
        store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            ElbResources resources = ElbResources.of(tx);
            Record lb;
            try {
                lb = resources.loadBalancer(arn);
            } catch (ApiException gone) {
                return null; // deleting what is not there succeeds, as ELB's does
            }
            for (Record rule : resources.all(ElbKinds.RULE, lb.id() + "/")) {
                tx.delete(ElbKinds.RULE, rule.id(), rule.version());
            }
            for (Record listener : resources.all(ElbKinds.LISTENER, lb.id() + "/")) {
                tx.delete(ElbKinds.LISTENER, listener.id(), listener.version());
            }
            tx.delete(ElbKinds.LOAD_BALANCER, lb.id(), lb.version());
            return null;
        });
        return null;
    }

    /** The load balancer as ELB shows it; DNSName carries the port of its first listener. */
    private ObjectNode render(ObjectNode body, ElbResources resources) {
        ObjectNode out = ElbResources.render(body);
        resources.all(ElbKinds.LISTENER, body.path("LoadBalancerName").asText() + "/").stream()
                .map(record -> Json.body(record).path("Port").asInt())
                .min(Comparator.naturalOrder())
                .ifPresent(port -> out.put("DNSName", settings.listenerHost() + ":" + port));
        return out;
    }

    static void checkName(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new ApiException(ElbErrors.VALIDATION, "The " + what + " name '" + name + "' must be 1 to 32 letters, "
                    + "digits or hyphens, and must not begin or end with a hyphen.");
        }
    }
}
