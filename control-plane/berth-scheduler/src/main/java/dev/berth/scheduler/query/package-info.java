/**
 * The ECS cluster query language: {@link dev.berth.scheduler.query.Expression#parse} turns
 * {@code attribute:ecs.instance-type =~ t2.* and not(task:group == database)} into an expression
 * that tells whether a {@link dev.berth.scheduler.cluster.Instance} matches. Used by the
 * {@code memberOf} placement constraint and the {@code filter} of ListContainerInstances. Pure;
 * depends only on the cluster model.
 *
 * <p>What is supported, following the ECS developer guide ("Cluster query language"):
 * <ul>
 *   <li>Subjects {@code attribute:NAME}, {@code ec2InstanceId}, {@code registeredAt},
 *       {@code runningTasksCount}, {@code agentConnected}, {@code agentVersion},
 *       {@code task:group}, and (not in the guide) {@code pendingTasksCount}.</li>
 *   <li>Operators {@code ==}/{@code equals}, {@code !=}/{@code not_equals}, {@code >}/{@code greater_than},
 *       {@code >=}/{@code greater_than_equal}, {@code <}/{@code less_than},
 *       {@code <=}/{@code less_than_equal}, {@code exists}, {@code !exists}/{@code not_exists},
 *       {@code in}, {@code !in}/{@code not_in}, {@code =~}/{@code matches},
 *       {@code !~}/{@code not_matches}; the built-in fields accept only the operators the guide
 *       lists for them (no {@code in} for counts, no {@code >} for instance ids).</li>
 *   <li>{@code and}/{@code &&}, {@code or}/{@code ||}, {@code not}/{@code !}, parentheses.</li>
 *   <li>Values unquoted or in single or double quotes; {@code *} in the values of {@code ==},
 *       {@code !=}, {@code in} and {@code not_in} matches any run of characters; patterns are
 *       Java regular expressions that must match the whole value.</li>
 *   <li>Ordering compares numbers as numbers when both sides are numbers, {@code agentVersion}
 *       part by part as a version, {@code registeredAt} as an instant, anything else as strings.</li>
 * </ul>
 *
 * <p>Choices where the guide is silent or vague, and the gaps:
 * <ul>
 *   <li>A subject the instance lacks satisfies only {@code !exists}, so
 *       {@code attribute:stack != prod} leaves out instances without "stack" (the guide's own
 *       reading of that example); {@code not(...)} includes them.</li>
 *   <li>{@code task:group} holds when any group with a task on the instance satisfies the
 *       operator, so {@code task:group != a} means "runs some task of another group"; the guide's
 *       anti-affinity is {@code not(task:group == a)}.</li>
 *   <li>"A single expression can't contain parentheses" is read as: parentheses never appear
 *       inside a comparison (except in quotes or patterns); a parenthesised comparison is
 *       accepted.</li>
 *   <li>Quoted values have no escapes; a value cannot contain its own quote character.</li>
 *   <li>{@code ==} on {@code registeredAt} compares instants, so {@code registeredAt == 2018-06-18}
 *       means midnight UTC, not the whole day.</li>
 *   <li>No limit on the length of an expression here (ECS: 2,000 characters for a constraint);
 *       the API layer enforces it. Nesting is limited to 100 levels.</li>
 * </ul>
 *
 * <p>{@code toString()} of an expression shows its grouping for tests and logs; it drops quotes and
 * is not meant to be parsed again.
 */
package dev.berth.scheduler.query;
