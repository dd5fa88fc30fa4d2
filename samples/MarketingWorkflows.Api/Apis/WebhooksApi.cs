using MarketingWorkflows.Api.Extensions;
using MarketingWorkflows.Api.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Apis;

/// <summary>Webhook subscriptions, their delivery logs and redelivery; role <c>process-admin</c>.</summary>
internal static class WebhooksApi
{
    public static void MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization().AddEndpointFilter(RequireAdmin);
        webhooks.MapPost("/", Create)
            .WithName("CreateWebhook")
            .WithSummary("Subscribes a URL to events, filtered by event type and process; every field is checked before anything is stored; the answer carries the signing secret.");
        webhooks.MapGet("/", List)
            .WithName("ListWebhooks")
            .WithSummary("Lists the subscriptions (secrets left out).");
        webhooks.MapGet("/{id:guid}", Get)
            .WithName("GetWebhook")
            .WithSummary("Gets a subscription (secret left out): whether it is enabled, and why not.");
        webhooks.MapDelete("/{id:guid}", Delete)
            .WithName("DeleteWebhook")
            .WithSummary("Removes a subscription and its delivery log.");
        webhooks.MapPost("/{id:guid}/enable", Enable)
            .WithName("EnableWebhook")
            .WithSummary("Enables a subscription again after it was disabled for failing; its queued events are sent from where they stopped.");
        webhooks.MapGet("/{id:guid}/deliveries", Deliveries)
            .WithName("ListWebhookDeliveries")
            .WithSummary("Lists a subscription's ended deliveries (taken, or dead-lettered), newest first.");
        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", Redeliver)
            .WithName("RedeliverWebhook")
            .WithSummary("Sends a logged delivery again, once, with the same webhook-id.");
    }

    private static async ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        => context.HttpContext.User.IsInRole(ProcessesApi.ProcessAdminRole)
            ? await next(context)
            : throw new ApiForbiddenException($"Managing webhooks needs the role {ProcessesApi.ProcessAdminRole}.");

    private static async Task<Created<WebhookView>> Create(CreateWebhookRequest? request, HttpContext context, WebhookStore store, WebhookNetwork network, TimeProvider time, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new RequestValidationException("The subscription is not valid.", new(StringComparer.Ordinal) { ["url"] = ["is required: the body must be a JSON object with the receiver's url"] });
        }

        var errors = await WebhookRequestRules.ProblemsAsync(request, network, options.Value, cancellationToken);
        if (errors.Count > 0)
        {
            throw new RequestValidationException("The subscription is not valid; nothing was stored.", errors);
        }

        var subscription = new WebhookSubscription(
            Guid.CreateVersion7(time.GetUtcNow()), request.Url!, [.. request.EventTypes?.OfType<string>() ?? []], [.. request.Processes?.OfType<string>() ?? []],
            request.Secret ?? WebhookSigner.NewSecret(), true, 0, null, context.ToActor().UserId, time.GetUtcNow());
        await store.AddAsync(subscription, cancellationToken);
        return TypedResults.Created($"/api/webhooks/{subscription.Id}", WebhookView.From(subscription, withSecret: true));
    }

    private static async Task<Ok<WebhookView[]>> List(WebhookStore store, CancellationToken cancellationToken)
        => TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(s => WebhookView.From(s)).ToArray());

    private static async Task<Ok<WebhookView>> Get(Guid id, WebhookStore store, CancellationToken cancellationToken)
        => TypedResults.Ok(WebhookView.From(await FindAsync(store, id, cancellationToken)));

    private static async Task<NoContent> Delete(Guid id, WebhookStore store, CancellationToken cancellationToken)
        => await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : throw NotFound(id);

    private static async Task<Ok<WebhookView>> Enable(Guid id, WebhookStore store, WebhookDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (!await store.EnableAsync(id, cancellationToken))
        {
            throw NotFound(id);
        }

        // Its queue waited while it was disabled.
        dispatcher.Wake();

        return TypedResults.Ok(WebhookView.From(await FindAsync(store, id, cancellationToken)));
    }

    private static async Task<Ok<WebhookDelivery[]>> Deliveries(Guid id, WebhookStore store, int take = 50, CancellationToken cancellationToken = default)
    {
        await FindAsync(store, id, cancellationToken);
        return TypedResults.Ok((await store.DeliveriesAsync(id, Math.Clamp(take, 1, 500), cancellationToken)).ToArray());
    }

    private static async Task<Ok<WebhookDelivery>> Redeliver(Guid id, Guid deliveryId, WebhookStore store, WebhookSender sender, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(store, id, cancellationToken);
        var earlier = await store.DeliveryAsync(id, deliveryId, cancellationToken) ?? throw new ApiNotFoundException($"Webhook {id} has no delivery {deliveryId}.");
        return TypedResults.Ok(await sender.RedeliverAsync(subscription, earlier, cancellationToken));
    }

    private static async Task<WebhookSubscription> FindAsync(WebhookStore store, Guid id, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken) ?? throw NotFound(id);

    private static ApiNotFoundException NotFound(Guid id) => new($"There is no webhook subscription {id}.");
}

/// <summary>A subscription as the API shows it: the secret only when it is created.</summary>
/// <param name="Id">The id.</param>
/// <param name="Url">The receiver.</param>
/// <param name="EventTypes">The event types (empty: all).</param>
/// <param name="Processes">The processes (empty: all).</param>
/// <param name="Enabled">Whether events are sent.</param>
/// <param name="ConsecutiveFailures">Failed deliveries in a row.</param>
/// <param name="DisabledReason">Why it was disabled.</param>
/// <param name="CreatedBy">Who subscribed.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Secret">The signing secret, on creation only.</param>
internal sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string> Processes, bool Enabled, int ConsecutiveFailures, string? DisabledReason, string CreatedBy, DateTimeOffset CreatedAt, string? Secret)
{
    public static WebhookView From(WebhookSubscription s, bool withSecret = false)
        => new(s.Id, s.Url, s.EventTypes, s.Processes, s.Enabled, s.ConsecutiveFailures, s.DisabledReason, s.CreatedBy, s.CreatedAt, withSecret ? s.Secret : null);
}
