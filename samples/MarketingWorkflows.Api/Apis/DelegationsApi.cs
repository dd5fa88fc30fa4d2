using System.Text;
using System.Text.Json;
using MarketingWorkflows.Api.Extensions;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace MarketingWorkflows.Api.Apis;

/// <summary>
/// Delegations: the signed-in user hands some of their roles to someone else for a few days (a
/// holiday, say); the delegate then acts for them by sending <c>X-On-Behalf-Of</c> with the
/// delegator's user id, and the history records both. A delegation is known by its delegator,
/// delegate, process and first day; revoking it saves it again ending before today, which the
/// engine reads as replacing the earlier one.
/// </summary>
internal static class DelegationsApi
{
    public static void MapDelegationsApi(this IEndpointRouteBuilder app)
    {
        var delegations = app.MapGroup("/api/delegations").WithTags("Delegations").RequireAuthorization();
        delegations.MapPost("/", Create)
            .WithName("CreateDelegation")
            .WithSummary("Hands some of the caller's roles to another user from a day until a day (both inclusive, UTC); 201 with Location.")
            .Produces<DelegationView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        delegations.MapGet("/", List)
            .WithName("ListDelegations")
            .WithSummary("Lists the caller's delegations that have not ended: those they gave and those they received.")
            .Produces<MyDelegations>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        delegations.MapDelete("/{id}", Revoke)
            .WithName("RevokeDelegation")
            .WithSummary("Revokes a delegation the caller gave or received; it ends yesterday, so nobody acts under it from now on.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<DelegationView>> Create(
        DelegationRequest? request,
        HttpContext context,
        IProcessEngine engine,
        IProcessDefinitionRegistry registry,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var actor = context.ToActor();
        var today = Today(time);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (actor.OnBehalfOf is not null)
        {
            errors[Caller.OnBehalfOfHeader] = ["a delegation is given in your own name; send it without this header"];
        }

        if (string.IsNullOrWhiteSpace(request?.Delegate))
        {
            errors["delegate"] = ["is required: the user id of who stands in for you"];
        }
        else if (request.Delegate == actor.UserId)
        {
            errors["delegate"] = [$"must be someone other than you ({actor.UserId})"];
        }

        var roles = (request?.Roles ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToArray();
        if (roles.Except(actor.Roles, StringComparer.Ordinal).ToArray() is { Length: > 0 } notHeld)
        {
            errors["roles"] = [$"you can hand over only roles you hold ({(actor.Roles.Count == 0 ? "none" : string.Join(", ", actor.Roles))}); you do not hold {string.Join(", ", notHeld)}"];
        }

        var from = request?.From ?? today;
        if (request?.Until is not { } until)
        {
            errors["until"] = ["is required: the last day (yyyy-MM-dd, inclusive) the delegate may act for you"];
        }
        else if (until < from)
        {
            errors["until"] = [$"{until:yyyy-MM-dd} is before the first day, {from:yyyy-MM-dd}"];
        }
        else if (until < today)
        {
            errors["until"] = [$"{until:yyyy-MM-dd} has passed; the last day must be today ({today:yyyy-MM-dd}) or later"];
        }

        if (request?.ProcessId is { } processId && !registry.GetAll().Any(d => d.Id == processId))
        {
            errors["processId"] = [$"there is no process '{processId}'; leave it out to delegate for every process"];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException("The delegation is not valid.", errors);
        }

        var delegation = new Delegation(actor.UserId, request!.Delegate!, from, request.Until!.Value) { Roles = roles, ProcessId = request.ProcessId };
        await engine.DelegateAsync(delegation, new Actor(actor.UserId, actor.Roles), cancellationToken);
        var view = DelegationView.Of(delegation, today);
        return TypedResults.Created($"/api/delegations/{view.Id}", view);
    }

    private static async Task<Ok<MyDelegations>> List(HttpContext context, IDelegationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = context.ToActor().UserId;
        var today = Today(time);
        var given = Current(await store.GetDelegationsGivenAsync(user, cancellationToken), today);
        var received = Current(await store.GetDelegationsAsync(user, cancellationToken), today);
        return TypedResults.Ok(new MyDelegations(given, received));
    }

    private static async Task<NoContent> Revoke(string id, HttpContext context, IDelegationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (DelegationKey.Parse(id) is not { Delegator.Length: > 0, Delegate.Length: > 0 } key)
        {
            throw new ApiNotFoundException($"There is no delegation '{id}'; GET /api/delegations lists yours with their ids.");
        }

        var user = context.ToActor().UserId;
        if (user != key.Delegator && user != key.Delegate)
        {
            throw new ApiForbiddenException($"Only {key.Delegator}, who gave the delegation, or {key.Delegate}, who received it, can revoke it.");
        }

        var today = Today(time);
        var delegation = Current(await store.GetDelegationsAsync(key.Delegate, cancellationToken), today)
            .FirstOrDefault(d => d.Id == id)
            ?? throw new ApiNotFoundException($"{key.Delegator} has no delegation to {key.Delegate} from {key.From:yyyy-MM-dd} that has not ended.");

        // It ends yesterday (or, when it has not begun, the day before it would have).
        var end = today.AddDays(-1) < delegation.From ? delegation.From.AddDays(-1) : today.AddDays(-1);
        await store.SaveDelegationAsync(
            new Delegation(delegation.Delegator, delegation.Delegate, delegation.From, end) { Roles = delegation.Roles, ProcessId = delegation.ProcessId },
            cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The delegations in force, each as last saved, that have not ended by <paramref name="today"/>.</summary>
    private static DelegationView[] Current(IReadOnlyList<Delegation> saved, DateOnly today)
        => [.. saved
            .GroupBy(d => (d.Delegator, d.Delegate, d.ProcessId, d.From))
            .Select(g => g.Last())
            .Where(d => d.To >= today && d.To >= d.From)
            .Select(d => DelegationView.Of(d, today))];

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>What identifies a delegation: an opaque id made of it.</summary>
    internal sealed record DelegationKey(string Delegator, string Delegate, string? ProcessId, DateOnly From)
    {
        public string ToId() => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(this));

        public static DelegationKey? Parse(string id)
        {
            try
            {
                return JsonSerializer.Deserialize<DelegationKey>(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(id)));
            }
            catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
            {
                return null;
            }
        }
    }
}

/// <summary>Hands some of the caller's roles to another user for a while.</summary>
/// <param name="Delegate">The user who stands in; required, not the caller.</param>
/// <param name="Roles">The caller's roles the delegate may use; only roles the caller holds. Empty: only approvals that name the caller as a user.</param>
/// <param name="From">The first day (UTC, inclusive); today when left out.</param>
/// <param name="Until">The last day (UTC, inclusive); required, not before <paramref name="From"/> nor today.</param>
/// <param name="ProcessId">The one process it covers; every process when left out.</param>
internal sealed record DelegationRequest(string? Delegate = null, IReadOnlyList<string>? Roles = null, DateOnly? From = null, DateOnly? Until = null, string? ProcessId = null);

/// <summary>A delegation as the API shows it.</summary>
/// <param name="Id">Its id, for <c>DELETE /api/delegations/{id}</c>.</param>
/// <param name="Delegator">Who handed over.</param>
/// <param name="Delegate">Who stands in; sends <c>X-On-Behalf-Of: {delegator}</c> to act for them.</param>
/// <param name="Roles">The roles handed over.</param>
/// <param name="ProcessId">The one process it covers, or <see langword="null"/> for every process.</param>
/// <param name="From">The first day (UTC, inclusive).</param>
/// <param name="Until">The last day (UTC, inclusive).</param>
/// <param name="Active">Whether it covers today.</param>
internal sealed record DelegationView(string Id, string Delegator, string Delegate, IReadOnlyList<string> Roles, string? ProcessId, DateOnly From, DateOnly Until, bool Active)
{
    public static DelegationView Of(Delegation d, DateOnly today)
        => new(new DelegationsApi.DelegationKey(d.Delegator, d.Delegate, d.ProcessId, d.From).ToId(), d.Delegator, d.Delegate, d.Roles, d.ProcessId, d.From, d.To, d.From <= today && today <= d.To);
}

/// <summary>The caller's delegations that have not ended.</summary>
/// <param name="Given">Those the caller gave.</param>
/// <param name="Received">Those the caller received: the users they may act for.</param>
internal sealed record MyDelegations(IReadOnlyList<DelegationView> Given, IReadOnlyList<DelegationView> Received);
