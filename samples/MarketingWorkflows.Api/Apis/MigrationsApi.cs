using System.Text.Json;
using System.Text.Json.Nodes;
using MarketingWorkflows.Api.Extensions;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Migrations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketingWorkflows.Api.Apis;

/// <summary>
/// Migrations: moving the running instances of a process to a later version of its definition,
/// or a dry run that says what would happen to each. Role process-admin.
/// </summary>
internal static class MigrationsApi
{
    public static void MapMigrationsApi(this IEndpointRouteBuilder app)
    {
        var migrations = app.MapGroup("/api/processes/{processId}/migrations").WithTags("Migrations").RequireAuthorization();
        migrations.MapPost("/", Migrate)
            .WithName("MigrateInstances")
            .WithSummary("Moves the open instances of one version to a later one as the plan maps their states and fills their data, or (dryRun) says what would happen to each; role process-admin.")
            .Produces<MigrationReportView>()
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.ProcessNotFound)
            .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.MigrationPlanInvalid);
    }

    private static async Task<Ok<MigrationReportView>> Migrate(string processId, MigrationRequest? request, HttpContext context, IProcessEngine engine, IProcessDefinitionRegistry registry, CancellationToken cancellationToken)
    {
        ProcessAdmin.Require(context, "Migrating instances");

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request?.FromVersion is null)
        {
            errors["fromVersion"] = ["is required: the version the instances run now"];
        }

        if (request?.ToVersion is null)
        {
            errors["toVersion"] = ["is required: the later version they move to"];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException("The migration request is not valid.", errors);
        }

        if (!registry.GetAll().Any(d => d.Id == processId))
        {
            var known = string.Join(", ", registry.GetAll().Select(d => d.Id).Distinct(StringComparer.Ordinal));
            throw new DefinitionNotFoundException(processId, null, $"No process '{processId}' is registered; the registered processes are {known}.");
        }

        var plan = new MigrationPlan(
            processId,
            request!.FromVersion!.Value,
            request.ToVersion!.Value,
            request.States,
            request.DataDefaults?.ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(p.Value.GetRawText()), StringComparer.Ordinal));
        var report = await engine.MigrateAsync(plan, context.ToActor(), request.DryRun, cancellationToken);
        return TypedResults.Ok(MigrationReportView.From(report));
    }
}

/// <summary>A migration plan, and whether to only say what would happen.</summary>
/// <param name="FromVersion">The version the instances run now.</param>
/// <param name="ToVersion">The later version they move to.</param>
/// <param name="States">Each state of the earlier version that does not keep its name, mapped to its state in the later one.</param>
/// <param name="DataDefaults">The value each data field gets in instances whose data does not have it.</param>
/// <param name="DryRun">Whether to change nothing and only report what would happen.</param>
internal sealed record MigrationRequest(int? FromVersion = null, int? ToVersion = null, Dictionary<string, string>? States = null, Dictionary<string, JsonElement>? DataDefaults = null, bool DryRun = false);

/// <summary>What a migration did, or would do, to each open instance of the earlier version.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="FromVersion">The earlier version.</param>
/// <param name="ToVersion">The later version.</param>
/// <param name="DryRun">Whether nothing was changed.</param>
/// <param name="Moved">How many instances moved (or would move).</param>
/// <param name="Refused">How many were refused and left as they were.</param>
/// <param name="Instances">Each instance, oldest first.</param>
internal sealed record MigrationReportView(string ProcessId, int FromVersion, int ToVersion, bool DryRun, int Moved, int Refused, IReadOnlyList<InstanceMigrationView> Instances)
{
    public static MigrationReportView From(MigrationReport report)
        => new(report.Plan.ProcessId, report.Plan.FromVersion, report.Plan.ToVersion, report.DryRun, report.Moved, report.Refused, [.. report.Instances.Select(InstanceMigrationView.From)]);
}

/// <summary>What a migration did, or would do, to one instance.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="FromState">Its state before.</param>
/// <param name="ToState">Its state in the later version, or null when the plan gives none.</param>
/// <param name="Outcome">Migrated, WouldMigrate (a dry run) or Refused.</param>
/// <param name="Reasons">Why it was refused.</param>
/// <param name="Notes">What moving means for it: data, approvals and votes, checklist, deadline and timers.</param>
/// <param name="InstanceVersion">Its version after (before, when it did not move).</param>
/// <param name="DueAt">Its deadline in the later version, or null.</param>
internal sealed record InstanceMigrationView(Guid InstanceId, string FromState, string? ToState, MigrationOutcome Outcome, IReadOnlyList<string> Reasons, IReadOnlyList<string> Notes, long InstanceVersion, DateTimeOffset? DueAt)
{
    public static InstanceMigrationView From(InstanceMigration m)
        => new(m.InstanceId, m.FromState, m.ToState, m.Outcome, m.Reasons, m.Notes, m.InstanceVersion, m.DueAt);
}
