using System.Text.Json;
using MarketingWorkflows.Api.Extensions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketingWorkflows.Api.Apis;

/// <summary>
/// Process instances: start, read, query, history, what the caller may do, and every command.
/// Each response that carries an instance carries its version as the ETag; each write honours
/// <c>If-Match</c>; each POST honours <c>Idempotency-Key</c> (the same key from the same user
/// with the same request changes nothing and answers the instance as it is now; with another request it
/// is refused with 422 <c>idempotency-key-reused</c>).
/// </summary>
internal static class InstancesApi
{
    public static void MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup("/api/instances").WithTags("Instances").RequireAuthorization();
        instances.MapPost("/", Start)
            .WithName("StartInstance")
            .WithSummary("Starts an instance of a process with its data; 201 with Location and ETag.")
            .WithHeaders(Caller.IdempotencyKeyHeader, Caller.OnBehalfOfHeader)
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.ProcessNotFound, ApiProblemCodes.InstanceNotFound)
            .WithProblems(StatusCodes.Status409Conflict, ApiProblemCodes.NotPermitted);
        instances.MapGet("/", Query)
            .WithName("QueryInstances")
            .WithSummary("Finds instances by process, state, a data field, waiting on the caller, overdue or linked to another; newest first, paged.")
            .WithDescription("The total counts the matches up to skip + 1000: when more match, it is that bound and totalIsExact is false.")
            .WithHeaders(Caller.OnBehalfOfHeader)
            .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
        instances.MapGet("/{id:guid}", Get)
            .WithName("GetInstance")
            .WithSummary("Gets an instance, with its version as the ETag.")
            .WithHeaders("If-None-Match")
            .Produces(StatusCodes.Status304NotModified)
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.InstanceNotFound);
        instances.MapGet("/{id:guid}/history", History)
            .WithName("GetInstanceHistory")
            .WithSummary("Gets the instance's history, oldest first.")
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.InstanceNotFound);
        instances.MapGet("/{id:guid}/history/verification", Verify)
            .WithName("VerifyInstanceHistory")
            .WithSummary("Checks the history's hash chain: whether any entry was changed or removed.")
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.InstanceNotFound);
        instances.MapGet("/{id:guid}/actions", Actions)
            .WithName("GetAvailableActions")
            .WithSummary("Lists what the caller may do now, and for each thing they may not, why.")
            .WithHeaders(Caller.OnBehalfOfHeader)
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.InstanceNotFound)
            .WithProblems(StatusCodes.Status409Conflict, ApiProblemCodes.GuardFunctionFailed);
        instances.MapPost("/{id:guid}/triggers/{trigger}", Fire)
            .WithName("FireTrigger")
            .WithSummary("Fires a trigger with its arguments and a comment.")
            .AsCommand();
        instances.MapPost("/{id:guid}/decisions", Decide)
            .WithName("RecordDecision")
            .WithSummary("Records the caller's decision in the current approval or review stage.")
            .AsCommand();
        instances.MapPost("/{id:guid}/checklist/{itemId}", UpdateChecklist)
            .WithName("UpdateChecklistItem")
            .WithSummary("Completes, reopens or waives a checklist item.")
            .AsCommand();
        instances.MapPatch("/{id:guid}/data", UpdateData)
            .Accepts<JsonElement>("application/merge-patch+json", "application/json")
            .WithName("UpdateInstanceData")
            .WithSummary("Changes the instance's data with a JSON merge patch (RFC 7396).")
            .AsCommand()
            .WithHeaders(Caller.CommentHeader);
        instances.MapPost("/{id:guid}/links", Link)
            .WithName("LinkInstance")
            .WithSummary("Links the instance to another (a campaign to its content review or launch checklist).")
            .AsCommand();
    }

    // A command on an instance: If-Match, Idempotency-Key and X-On-Behalf-Of, and the instance's own refusals.
    private static RouteHandlerBuilder AsCommand(this RouteHandlerBuilder builder)
        => builder.WithHeaders("If-Match", Caller.IdempotencyKeyHeader, Caller.OnBehalfOfHeader)
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.InstanceNotFound)
            .WithProblems(StatusCodes.Status409Conflict, ApiProblemCodes.Conflict, ApiProblemCodes.NotPermitted, ApiProblemCodes.InstanceIntegrity, ApiProblemCodes.GuardFunctionFailed);

    private static async Task<Created<ProcessInstance>> Start(StartRequest request, HttpContext context, IProcessEngine engine, CancellationToken cancellationToken)
    {
        var checks = new RequestChecks().Required("processId", request.ProcessId);
        if (request.Data.ValueKind != JsonValueKind.Object)
        {
            checks.Add("data", request.Data.ValueKind == JsonValueKind.Undefined ? "is required: the instance's data, a JSON object" : $"must be a JSON object, not {request.Data.ValueKind}");
        }

        if (request.Version is < 1)
        {
            checks.Add("version", $"is {request.Version}; versions start at 1 (leave it out for the latest)");
        }

        CheckLinks(checks, request.Links);
        checks.ThrowIfAny("The start request is not valid.");
        var instance = await engine.StartAsync(request.ProcessId, request.Data, context.ToActor(), request.Version, request.Links, context.IdempotencyKey(), cancellationToken);
        context.Response.Headers.ETag = ETags.For(instance);
        return TypedResults.Created($"/api/instances/{instance.Id}", instance);
    }

    private static async Task<Results<Ok<ProcessInstance>, StatusCodeHttpResult>> Get(Guid id, HttpContext context, IProcessEngine engine, CancellationToken cancellationToken)
    {
        var instance = await engine.GetAsync(id, cancellationToken);
        var etag = ETags.For(instance);
        context.Response.Headers.ETag = etag;
        return context.Request.Headers.IfNoneMatch.Contains(etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(instance);
    }

    private static async Task<Ok<InstancePage>> Query(
        HttpContext context,
        IProcessEngine engine,
        TimeProvider time,
        string? process = null,
        string? state = null,
        string? field = null,
        string? value = null,
        bool waitingOnMe = false,
        bool overdue = false,
        Guid? linkedTo = null,
        bool includeCompleted = true,
        int skip = 0,
        int take = 50,
        CancellationToken cancellationToken = default)
    {
        var checks = new RequestChecks();
        if (skip < 0)
        {
            checks.Add("skip", $"is {skip}; it must be 0 or more");
        }

        if (take is < 1 or > 500)
        {
            checks.Add("take", $"is {take}; it must be 1 to 500");
        }

        if ((field is null) != (value is null))
        {
            checks.Add(field is null ? "field" : "value", "field and value go together: give both or neither");
        }

        checks.ThrowIfAny("The instance query is not valid.");

        var actor = context.ToActor();
        var query = new InstanceQuery
        {
            ProcessId = process,
            State = state,
            DataField = field,
            DataValue = value,
            WaitingOnUser = waitingOnMe ? actor.OnBehalfOf ?? actor.UserId : null,
            WaitingOnRoles = waitingOnMe ? actor.Roles : [],
            OverdueAt = overdue ? time.GetUtcNow() : null,
            LinkedTo = linkedTo,
            IncludeCompleted = includeCompleted,
            Skip = skip,
            Take = take,
        };
        try
        {
            return TypedResults.Ok(await engine.QueryAsync(query, cancellationToken));
        }
        catch (InvalidInstanceQueryException e)
        {
            // The store names the query's property; the caller knows it by this endpoint's parameter.
            var parameter = e.ParamName == nameof(InstanceQuery.DataValue) ? "value" : "field";
            throw new RequestValidationException("The instance query is not valid.", new() { [parameter] = [e.Message] });
        }
    }

    private static async Task<Ok<IReadOnlyList<HistoryEntry>>> History(Guid id, IProcessEngine engine, CancellationToken cancellationToken)
    {
        await engine.GetAsync(id, cancellationToken);
        return TypedResults.Ok(await engine.GetHistoryAsync(id, cancellationToken));
    }

    private static async Task<Ok<HistoryVerification>> Verify(Guid id, IProcessEngine engine, CancellationToken cancellationToken)
    {
        await engine.GetAsync(id, cancellationToken);
        return TypedResults.Ok(await engine.VerifyHistoryAsync(id, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<AvailableAction>>> Actions(Guid id, HttpContext context, IProcessEngine engine, CancellationToken cancellationToken)
        => TypedResults.Ok(await engine.GetAvailableActionsAsync(id, context.ToActor(), cancellationToken));

    private static async Task<Ok<CommandResult>> Fire(Guid id, string trigger, FireRequest? request, HttpContext context, IProcessEngine engine, CancellationToken cancellationToken)
    {
        var checks = new RequestChecks().Required("trigger", trigger).Optional("comment", request?.Comment);
        if (request?.Arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) } arguments)
        {
            checks.Add("arguments", $"must be a JSON object, not {arguments.ValueKind}");
        }

        checks.ThrowIfAny("The trigger request is not valid.");
        var command = new ProcessCommand(id, trigger, context.ToActor())
        {
            Arguments = request?.Arguments,
            Comment = request?.Comment,
            ExpectedVersion = ETags.ExpectedVersion(context),
            IdempotencyKey = context.IdempotencyKey(),
        };
        return Applied(context, await engine.FireAsync(command, cancellationToken));
    }

    private static async Task<Ok<CommandResult>> Decide(Guid id, DecisionRequest request, HttpContext context, IProcessEngine engine, CancellationToken cancellationToken)
    {
        new RequestChecks().Required("decision", request.Decision).Optional("comment", request.Comment).ThrowIfAny("The decision is not valid.");
        return Applied(context, await engine.DecideAsync(id, request.Decision, context.ToActor(), request.Comment, ETags.ExpectedVersion(context), context.IdempotencyKey(), cancellationToken));
    }

    private static async Task<Ok<CommandResult>> UpdateChecklist(Guid id, string itemId, ChecklistRequest request, HttpContext context, IProcessEngine engine, CancellationToken cancellationToken)
    {
        var checks = new RequestChecks().Required("itemId", itemId).Optional("reason", request.Reason);
        if (request.Action is not { } action || !Enum.IsDefined(action))
        {
            checks.Add("action", $"is required: one of {string.Join(", ", Enum.GetNames<ChecklistAction>())}");
        }

        checks.ThrowIfAny("The checklist request is not valid.");
        var command = new ChecklistCommand(id, itemId, request.Action!.Value, context.ToActor())
        {
            Reason = request.Reason,
            ExpectedVersion = ETags.ExpectedVersion(context),
            IdempotencyKey = context.IdempotencyKey(),
        };
        return Applied(context, await engine.UpdateChecklistItemAsync(command, cancellationToken));
    }

    private static async Task<Ok<CommandResult>> UpdateData(Guid id, HttpContext context, IProcessEngine engine, CancellationToken cancellationToken)
    {
        JsonElement patch;
        try
        {
            patch = (await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken)).RootElement;
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException($"The body is not valid JSON: {ex.Message}", ex);
        }

        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw new BadHttpRequestException($"A merge patch is a JSON object, not {patch.ValueKind}.");
        }

        var command = new DataCommand(id, patch, context.ToActor())
        {
            Comment = context.Comment(),
            ExpectedVersion = ETags.ExpectedVersion(context),
            IdempotencyKey = context.IdempotencyKey(),
        };
        return Applied(context, await engine.UpdateDataAsync(command, cancellationToken));
    }

    // The version check and the link are one command: a change between them cannot slip through.
    private static async Task<Ok<CommandResult>> Link(Guid id, InstanceLink link, HttpContext context, IProcessEngine engine, CancellationToken cancellationToken)
    {
        var checks = new RequestChecks();
        CheckLink(checks, string.Empty, link);
        checks.ThrowIfAny("The link is not valid.");
        return Applied(context, await engine.LinkAsync(id, link, context.ToActor(), ETags.ExpectedVersion(context), context.IdempotencyKey(), cancellationToken));
    }

    private static void CheckLinks(RequestChecks checks, IReadOnlyList<InstanceLink>? links)
    {
        for (var i = 0; i < (links?.Count ?? 0); i++)
        {
            CheckLink(checks, $"links[{i}].", links![i]);
        }
    }

    private static void CheckLink(RequestChecks checks, string prefix, InstanceLink? link)
    {
        if (link is null)
        {
            checks.Add(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "is required: an object with relation and instanceId");
            return;
        }

        checks.Required(prefix + "relation", link.Relation);
        if (link.InstanceId == Guid.Empty)
        {
            checks.Add(prefix + "instanceId", "is required: the id of the instance to link to");
        }
    }

    private static Ok<CommandResult> Applied(HttpContext context, CommandResult result)
    {
        context.Response.Headers.ETag = ETags.For(result.Instance);
        return TypedResults.Ok(result);
    }
}

/// <summary>Starts an instance.</summary>
/// <param name="ProcessId">The process, such as <c>campaign-approval</c>.</param>
/// <param name="Data">The instance's data, valid against the process's schema.</param>
/// <param name="Version">The process version; the latest when left out.</param>
/// <param name="Links">Instances to link it to from the start.</param>
internal sealed record StartRequest(string ProcessId, JsonElement Data, int? Version = null, IReadOnlyList<InstanceLink>? Links = null);

/// <summary>Fires a trigger.</summary>
/// <param name="Arguments">The trigger's arguments, a JSON object.</param>
/// <param name="Comment">Why; required by some triggers.</param>
internal sealed record FireRequest(JsonElement? Arguments = null, string? Comment = null);

/// <summary>Records a decision.</summary>
/// <param name="Decision">approved, changes-required or rejected (and in reviews approved-with-changes or not-relevant).</param>
/// <param name="Comment">Why; required to reject or ask for changes.</param>
internal sealed record DecisionRequest(string Decision, string? Comment = null);

/// <summary>Changes a checklist item.</summary>
/// <param name="Action">Complete, Reopen or Waive.</param>
/// <param name="Reason">Why; required to waive.</param>
internal sealed record ChecklistRequest(ChecklistAction? Action, string? Reason = null);
