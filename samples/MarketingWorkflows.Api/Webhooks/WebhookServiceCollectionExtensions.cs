using MarketingWorkflows.Engine;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>Registers webhook delivery (the store is registered with the host's storage).</summary>
internal static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart()
            .Validate(o => o.MaxAttempts >= 1 && o.DisableAfterFailures >= 1 && o.Timeout > TimeSpan.Zero && o.RetryDelay >= TimeSpan.Zero, "Webhooks: MaxAttempts and DisableAfterFailures must be at least 1, Timeout positive, RetryDelay not negative.");
        services.TryAddSingleton<WebhookResolver>();
        services.AddSingleton(sp => new WebhookNetwork(sp.GetRequiredService<WebhookResolver>(), sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookNetwork>().Handler());
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<IProcessEventHandler, WebhookEventHandler>();
        return services;
    }
}
