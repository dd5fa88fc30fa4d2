using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Engine.Migrations;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Engine;

/// <summary>
/// Runs process instances: starts them, applies commands under the rules of their definitions
/// (roles, guards, approval rules, self-approval, checklists, links), records every change in a
/// hash-chained history, and tells each person what they can do next. Every command is atomic:
/// it applies completely or not at all. Refusals are typed <see cref="ProcessCommandException"/>s.
/// </summary>
/// <remarks>
/// An idempotency key belongs to the actor's user (<see cref="Actor.UserId"/>) and stands for one
/// request: the same key sent again by the same user with the same request is not applied again
/// but answered as a replay (<see cref="CommandResult.Replayed"/>): the instance as it is now (at
/// the version the first command produced, or later) and the events that command produced. Nothing
/// changes. With a different request the key is refused with an
/// <see cref="IdempotencyKeyReusedException"/>. Another user's equal key is another key. A key is
/// remembered for <see cref="MarketingWorkflowsOptions.IdempotencyRetention"/>.
/// </remarks>
public interface IProcessEngine
{
    /// <summary>Starts an instance of a process.</summary>
    /// <param name="processId">The process, such as <c>content-review</c>.</param>
    /// <param name="data">The instance data, a JSON object valid against the definition's schema (defaults are filled in).</param>
    /// <param name="actor">Who starts it.</param>
    /// <param name="version">The definition version, or <see langword="null"/> for the latest.</param>
    /// <param name="links">Instances to link the new one to, or <see langword="null"/>.</param>
    /// <param name="idempotencyKey">A key for the start: starting again with the same key returns the instance the first start created and creates nothing; or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the command; nothing is saved.</param>
    /// <returns>The new instance (when the key was seen before, the instance the first start created, as it is now).</returns>
    /// <exception cref="DefinitionNotFoundException">The process (or version) is not registered.</exception>
    /// <exception cref="CommandValidationException">The data is not valid.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The user used the key before for a different request.</exception>
    Task<ProcessInstance> StartAsync(string processId, JsonElement data, Actor actor, int? version = null, IReadOnlyList<InstanceLink>? links = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Fires a trigger. In an approval stage its decision triggers record a decision, and the stage moves on when its rule is met.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command; nothing is saved.</param>
    /// <returns>The instance after the command and the events it produced.</returns>
    /// <exception cref="ProcessCommandException">The command was refused; <see cref="ProcessCommandException.Failure"/> says why.</exception>
    Task<CommandResult> FireAsync(ProcessCommand command, CancellationToken cancellationToken = default);

    /// <summary>Records an approval or review decision: the stage's approve, reject or request-changes trigger, or its review trigger with the decision as argument.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="decision"><c>approved</c>, <c>rejected</c>, <c>changes-required</c>, and in review stages also <c>approved-with-changes</c> and <c>not-relevant</c>.</param>
    /// <param name="actor">Who decides.</param>
    /// <param name="comment">The comment; required for rejections and change requests.</param>
    /// <param name="expectedVersion">The version the decider saw, or <see langword="null"/>.</param>
    /// <param name="idempotencyKey">A key that makes the call safe to retry, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the command; nothing is saved.</param>
    /// <returns>The instance after the decision and the events it produced.</returns>
    Task<CommandResult> DecideAsync(Guid instanceId, string decision, Actor actor, string? comment = null, long? expectedVersion = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Completes, reopens or waives a checklist item; when the last required item is done, the process moves on.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command; nothing is saved.</param>
    /// <returns>The instance after the command and the events it produced.</returns>
    Task<CommandResult> UpdateChecklistItemAsync(ChecklistCommand command, CancellationToken cancellationToken = default);

    /// <summary>Changes the instance data (a JSON merge: each field given replaces the stored one; <c>null</c> removes it), validated against the schema and recorded in history.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command; nothing is saved.</param>
    /// <returns>The instance after the change and the events it produced.</returns>
    Task<CommandResult> UpdateDataAsync(DataCommand command, CancellationToken cancellationToken = default);

    /// <summary>Links an instance to another (such as a content review to the instance it belongs to), recorded in history.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="link">The relation and the other instance.</param>
    /// <param name="actor">Who links them.</param>
    /// <param name="expectedVersion">When given, the link is made only if the instance is still at this version (checked in the command's transaction); otherwise a <see cref="ConcurrencyConflictException"/>.</param>
    /// <param name="idempotencyKey">When given, a repeat with the same key is answered as a replay and changes nothing.</param>
    /// <param name="cancellationToken">Cancels the command; nothing is saved.</param>
    /// <returns>The instance after the change.</returns>
    Task<CommandResult> LinkAsync(Guid instanceId, InstanceLink link, Actor actor, long? expectedVersion = null, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Records a delegation: the delegate may decide on the delegator's behalf during its dates.</summary>
    /// <param name="delegation">The delegation.</param>
    /// <param name="actor">Who records it: the delegator.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>A task that completes when the delegation is saved.</returns>
    Task DelegateAsync(Delegation delegation, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instance.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    Task<ProcessInstance> GetAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Finds instances: by process, state, data field, waiting on an actor, overdue, linked to an instance; paged.</summary>
    /// <param name="query">What to look for.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One page and the total count.</returns>
    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance's history, oldest first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Checks the instance's history hash chain.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The result: valid, or the first entry that does not match.</returns>
    Task<HistoryVerification> VerifyHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists every trigger of the instance's current state (and its superstates) with whether the actor may fire it now, and why not.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The actions, in definition order.</returns>
    Task<IReadOnlyList<AvailableAction>> GetAvailableActionsAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the open instances of one version of a process to a later version, as the plan maps
    /// their states and fills their data; or, as a dry run, says what it would do and changes nothing.
    /// Each instance moves atomically, recorded in its history (<see cref="HistoryKind.Migrated"/>)
    /// and announced (<see cref="ProcessEventTypes.Migrated"/>), with its deadline and timers
    /// re-planned; one that cannot move, or that another command changed meanwhile, is reported
    /// and left as it was.
    /// </summary>
    /// <param name="plan">The plan: the process, both versions, the state map and data defaults.</param>
    /// <param name="actor">Who migrates, as the history records it.</param>
    /// <param name="dryRun">Whether to only say what would happen.</param>
    /// <param name="cancellationToken">Cancels the migration; instances already moved stay moved.</param>
    /// <returns>What happened, or would happen, to each open instance of the earlier version.</returns>
    /// <exception cref="MigrationPlanException">The plan does not fit the definitions or the instances; every problem is listed and nothing was changed.</exception>
    Task<MigrationReport> MigrateAsync(MigrationPlan plan, Actor actor, bool dryRun = false, CancellationToken cancellationToken = default);
}
