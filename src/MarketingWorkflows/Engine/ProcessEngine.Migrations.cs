using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Decisions;
using MarketingWorkflows.Engine.Migrations;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Logging;

namespace MarketingWorkflows.Engine;

/// <content>
/// Migrating running instances to a later definition version: the plan is checked against both
/// definitions and the states the instances are in, then each instance is decided by the decision
/// core and committed on its own with the version it was read at, so a command that commits
/// first wins and the instance is reported, untouched.
/// </content>
public sealed partial class ProcessEngine
{
    private const int MigrationPage = 500;

    /// <inheritdoc />
    public async Task<MigrationReport> MigrateAsync(MigrationPlan plan, Actor actor, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actor);
        _definitions.TryGet(plan.ProcessId, plan.FromVersion, out var from);
        _definitions.TryGet(plan.ProcessId, plan.ToVersion, out var to);
        var known = _definitions.GetAll().Where(d => d.Id == plan.ProcessId).Select(d => d.Version).Order().ToList();
        var instances = await OpenInstancesAsync(plan.ProcessId, plan.FromVersion, cancellationToken).ConfigureAwait(false);
        var occupied = instances.GroupBy(i => i.State, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var check = MigrationPlanCheck.Run(plan, from, to, occupied, known);
        if (check.Problems.Count > 0)
        {
            throw new MigrationPlanException(plan, check.Problems);
        }

        var results = new List<InstanceMigration>(instances.Count);
        foreach (var listed in instances)
        {
            results.Add(await MigrateOneAsync(listed, from!, to!, check, actor, dryRun, cancellationToken).ConfigureAwait(false));
        }

        LogMigrated(plan.ProcessId, plan.FromVersion, plan.ToVersion, dryRun, results.Count(r => r.Outcome != MigrationOutcome.Refused), results.Count(r => r.Outcome == MigrationOutcome.Refused), actor.UserId);
        return new MigrationReport(plan, dryRun, results);
    }

    /// <summary>Lists the open instances of one version of a process, oldest first.</summary>
    private async Task<List<ProcessInstance>> OpenInstancesAsync(string processId, int version, CancellationToken cancellationToken)
    {
        var found = new Dictionary<Guid, ProcessInstance>();
        for (var skip = 0; ; skip += MigrationPage)
        {
            var page = await _store.QueryAsync(new InstanceQuery { ProcessId = processId, IncludeCompleted = false, Skip = skip, Take = MigrationPage }, cancellationToken).ConfigureAwait(false);
            foreach (var instance in page.Items.Where(i => i.DefinitionVersion == version))
            {
                found.TryAdd(instance.Id, instance);
            }

            if (page.Items.Count < MigrationPage || skip + page.Items.Count >= page.Total)
            {
                break;
            }
        }

        return [.. found.Values.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)];
    }

    private async Task<InstanceMigration> MigrateOneAsync(ProcessInstance listed, ProcessDefinition from, ProcessDefinition to, MigrationPlanCheck check, Actor actor, bool dryRun, CancellationToken cancellationToken)
    {
        var target = check.Targets.GetValueOrDefault(listed.State);
        using (await _locks.AcquireAsync(listed.Id, cancellationToken).ConfigureAwait(false))
        {
            ProcessInstance instance;
            try
            {
                instance = await ReadAsHistorySaysAsync(listed.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (ProcessCommandException ex) when (ex is InstanceIntegrityException or InstanceNotFoundException)
            {
                return new InstanceMigration(listed.Id, listed.State, target, MigrationOutcome.Refused, ex.Reasons, []) { InstanceVersion = listed.Version };
            }

            target = check.Targets.GetValueOrDefault(instance.State);
            var facts = await FactsAsync(to, instance, actor, null, false, cancellationToken).ConfigureAwait(false);
            facts = facts with { Timers = await _store.GetTimersAsync(instance.Id, cancellationToken).ConfigureAwait(false) };
            var decision = CommandDecision.Migrate(_rules, from, to, instance, check, actor, facts);
            if (decision.Refusal is { } refusal)
            {
                var reasons = refusal is CommandValidationException invalid && invalid.Errors.Count > 0 ? [.. invalid.Errors.Select(e => e.ToString())] : refusal.Reasons;
                return new InstanceMigration(instance.Id, instance.State, target, MigrationOutcome.Refused, reasons, decision.Notes) { InstanceVersion = instance.Version };
            }

            var after = decision.After;
            if (dryRun)
            {
                return new InstanceMigration(instance.Id, instance.State, after.State, MigrationOutcome.WouldMigrate, [], decision.Notes) { InstanceVersion = instance.Version, DueAt = after.DueAt };
            }

            var commit = decision.ToCommit(instance.Version, null);
            try
            {
                await _store.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
                NoteTimers(commit);
            }
            catch (StoreConcurrencyException ex)
            {
                var now = ex.ActualVersion is { } actual ? $"version {actual}" : "another version";
                return new InstanceMigration(instance.Id, instance.State, target, MigrationOutcome.Refused, [$"another command changed it while it was being migrated (it is at {now}, it was read at version {instance.Version}); it was left as that command made it: run the migration again to move it"], decision.Notes) { InstanceVersion = ex.ActualVersion ?? instance.Version };
            }

            LogApplied("migrate", $"v{from.Version}->v{to.Version}", instance.Id, instance.State, after.State, after.Version);
            return new InstanceMigration(instance.Id, instance.State, after.State, MigrationOutcome.Migrated, [], decision.Notes) { InstanceVersion = after.Version, DueAt = after.DueAt };
        }
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Migration of {ProcessId} from version {FromVersion} to {ToVersion} (dry run: {DryRun}) by {UserId}: {Moved} moved, {Refused} refused")]
    private partial void LogMigrated(string processId, int fromVersion, int toVersion, bool dryRun, int moved, int refused, string userId);
}
