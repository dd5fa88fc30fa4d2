using System;
using System.Linq;
using MarketingWorkflows;
using MarketingWorkflows.Analytics;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the process engine with a service collection.</summary>
public static class MarketingWorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the process engine (<see cref="IProcessEngine"/>), its analytics
    /// (<see cref="IProcessAnalytics"/>, computed by the chosen store), the definition registry
    /// (<see cref="IProcessDefinitionRegistry"/>) and <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is registered. Choose a store on the returned builder, such as
    /// <see cref="UseInMemoryStore"/>. Calling it again adds nothing twice and applies
    /// <paramref name="configure"/> to the same options.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options, or <see langword="null"/>.</param>
    /// <returns>A builder for processes and the store.</returns>
    /// <exception cref="ArgumentException">The options are not valid; the message lists each problem.</exception>
    public static IMarketingWorkflowsBuilder AddMarketingWorkflows(this IServiceCollection services, Action<MarketingWorkflowsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = Existing<MarketingWorkflowsOptions>(services);
        if (options is null)
        {
            options = new MarketingWorkflowsOptions();
            services.AddSingleton(options);
        }

        configure?.Invoke(options);
        options.ThrowIfInvalid();

        if (Existing<ProcessDefinitionRegistry>(services) is null)
        {
            var registry = new ProcessDefinitionRegistry();
            services.AddSingleton(registry);
            services.TryAddSingleton<IProcessDefinitionRegistry>(registry);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(MarketingWorkflows.Expressions.GuardFunctionCatalog.Empty);
        services.TryAddSingleton(provider => new ProcessEngine(
            provider.GetRequiredService<IProcessDefinitionRegistry>(),
            provider.GetService<IProcessStore>() ?? throw new InvalidOperationException(
                "MarketingWorkflows has no store. Choose one when registering it, such as services.AddMarketingWorkflows().UseInMemoryStore()."),
            provider.GetRequiredService<MarketingWorkflowsOptions>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<IUserDirectory>(),
            provider.GetService<ILogger<ProcessEngine>>(),
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            provider.GetService<IInstanceCopies>())
        {
            Services = provider,
        });
        services.TryAddSingleton<IProcessEngine>(provider => provider.GetRequiredService<ProcessEngine>());
        services.TryAddSingleton<IProcessAnalytics>(provider => new ProcessAnalytics(
            provider.GetRequiredService<IInstanceStore>(),
            provider.GetRequiredService<IProcessDefinitionRegistry>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<IAnalyticsSource>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TimerWorker>(provider => new TimerWorker(
            provider.GetRequiredService<ProcessEngine>(),
            provider.GetRequiredService<ITimerStore>(),
            provider.GetService<IWorkSignal>(),
            provider.GetRequiredService<MarketingWorkflowsOptions>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<TimerWorker>>())));
        services.TryAddSingleton(provider => new StoreGauges(
            provider.GetService<IStoreStatistics>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionWorker>(provider => new RetentionWorker(
            provider.GetRequiredService<IIdempotencyStore>(),
            provider.GetRequiredService<IOutboxStore>(),
            provider.GetRequiredService<ProcessEngine>(),
            provider.GetRequiredService<StoreGauges>(),
            provider.GetRequiredService<MarketingWorkflowsOptions>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<RetentionWorker>>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventDispatcher>(provider => new EventDispatcher(
            provider.GetRequiredService<IOutboxStore>(),
            provider.GetServices<IProcessEventHandler>(),
            provider.GetService<IWorkSignal>(),
            provider.GetRequiredService<MarketingWorkflowsOptions>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<EventDispatcher>>())));
        return new MarketingWorkflowsBuilder(services);
    }

    /// <summary>Registers the built-in campaign approval, content review and launch checklist processes.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMarketingWorkflowsBuilder AddBuiltInProcesses(this IMarketingWorkflowsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            Registry(builder).Register(definition);
        }

        return builder;
    }

    /// <summary>Registers a process definition.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="definition">The definition.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ProcessDefinitionException">Another definition with the same id and version but different content is registered.</exception>
    public static IMarketingWorkflowsBuilder AddProcess(this IMarketingWorkflowsBuilder builder, ProcessDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(definition);
        Registry(builder).Register(definition);
        return builder;
    }

    /// <summary>
    /// Loads and registers every definition file in a folder and the folders below it now, so a
    /// broken file stops start-up with its file, line and problem. Which files are definitions is
    /// decided by <see cref="ProcessDefinitionLoader.IsDefinitionFile"/>: companion files such as
    /// <c>NAME.data.json</c> are skipped.
    /// Guards may call the guard functions registered before this call.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The folder.</param>
    /// <param name="loader">The loader (the JSON loader by default; the YAML package provides one for YAML files too).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ProcessDefinitionException">A file has problems; nothing from the folder is registered.</exception>
    /// <exception cref="System.IO.DirectoryNotFoundException">The folder does not exist.</exception>
    public static IMarketingWorkflowsBuilder AddProcessesFromDirectory(this IMarketingWorkflowsBuilder builder, string path, ProcessDefinitionLoader? loader = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var staging = new ProcessDefinitionRegistry((loader ?? ProcessDefinitionLoader.Json).WithGuardFunctions(GuardFunctionBuilderExtensions.CatalogSoFar(builder.Services)));
        foreach (var definition in staging.RegisterFolder(path, recursive: true))
        {
            Registry(builder).Register(definition);
        }

        return builder;
    }

    /// <summary>
    /// Registers a handler for the events of committed commands; the host's event dispatcher
    /// delivers them from the outbox (see <see cref="IProcessEventHandler"/>).
    /// </summary>
    /// <typeparam name="THandler">The handler, created once by the container.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMarketingWorkflowsBuilder AddEventHandler<THandler>(this IMarketingWorkflowsBuilder builder)
        where THandler : class, IProcessEventHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProcessEventHandler, THandler>());
        return builder;
    }

    /// <summary>Keeps instances in memory: for tests and prototypes; nothing survives the process.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMarketingWorkflowsBuilder UseInMemoryStore(this IMarketingWorkflowsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseStore(_ => new InMemoryProcessStore());
        builder.Services.AddSingleton<IInstanceCopies>(provider => provider.GetRequiredService<InMemoryProcessStore>());
        builder.Services.AddSingleton<IStoreStatistics>(provider => provider.GetRequiredService<InMemoryProcessStore>());
        builder.Services.AddSingleton<IAnalyticsSource>(provider =>
        {
            // The figures read the store's instances at once rather than page by page.
            var store = provider.GetRequiredService<InMemoryProcessStore>();
            return new MemoryAnalyticsSource(store, store.Snapshot);
        });
        return builder;
    }

    /// <summary>
    /// Registers a store: one <typeparamref name="TStore"/>, as <see cref="IProcessStore"/> and as
    /// each of its jobs (<see cref="IInstanceStore"/>, <see cref="ITimerStore"/>,
    /// <see cref="IOutboxStore"/>, <see cref="IDelegationStore"/>, <see cref="IIdempotencyStore"/>).
    /// It replaces the store registered before, with that store's capabilities. A capability this
    /// store offers beyond its jobs — <see cref="IInstanceCopies"/>, <see cref="IWorkSignal"/>,
    /// <see cref="IAnalyticsSource"/>, <see cref="IStoreStatistics"/> — is registered after this call, resolving the same
    /// <typeparamref name="TStore"/>.
    /// </summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the store, once.</param>
    /// <returns>The builder.</returns>
    public static IMarketingWorkflowsBuilder UseStore<TStore>(this IMarketingWorkflowsBuilder builder, Func<IServiceProvider, TStore> factory)
        where TStore : class, IProcessStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        var services = builder.Services;
        services.RemoveAll<IProcessStore>();
        services.RemoveAll<IInstanceStore>();
        services.RemoveAll<ITimerStore>();
        services.RemoveAll<IOutboxStore>();
        services.RemoveAll<IDelegationStore>();
        services.RemoveAll<IIdempotencyStore>();
        services.RemoveAll<IInstanceCopies>();
        services.RemoveAll<IWorkSignal>();
        services.RemoveAll<IAnalyticsSource>();
        services.RemoveAll<IStoreStatistics>();
        services.RemoveAll<TStore>();
        services.AddSingleton(factory);
        services.AddSingleton<IProcessStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IInstanceStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<ITimerStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IOutboxStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IDelegationStore>(provider => provider.GetRequiredService<TStore>());
        services.AddSingleton<IIdempotencyStore>(provider => provider.GetRequiredService<TStore>());
        return builder;
    }

    /// <summary>Registers the directory that resolves managers for relative approvers such as <c>owner.manager</c>.</summary>
    /// <typeparam name="TDirectory">The directory type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IMarketingWorkflowsBuilder UseUserDirectory<TDirectory>(this IMarketingWorkflowsBuilder builder)
        where TDirectory : class, IUserDirectory
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IUserDirectory, TDirectory>();
        return builder;
    }

    private static ProcessDefinitionRegistry Registry(IMarketingWorkflowsBuilder builder)
        => Existing<ProcessDefinitionRegistry>(builder.Services)
            ?? throw new InvalidOperationException("Call services.AddMarketingWorkflows() before adding processes.");

    private static T? Existing<T>(IServiceCollection services)
        where T : class
        => services.LastOrDefault(d => d.ServiceType == typeof(T) && !d.IsKeyedService && d.ImplementationInstance is T)?.ImplementationInstance as T;

    private sealed class MarketingWorkflowsBuilder(IServiceCollection services) : IMarketingWorkflowsBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
