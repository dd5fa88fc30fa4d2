using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Analytics;
using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store.</summary>
public static class PostgreSqlMarketingWorkflowsBuilderExtensions
{
    /// <summary>
    /// Keeps instances, history, timers and the outbox in PostgreSQL, for several hosts on one
    /// database. The schema is created or migrated when the host starts (hosts starting together
    /// take turns); a database that cannot be reached, or holds a newer schema, stops the start
    /// with a <see cref="StoreStartupException"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The connection string, such as <c>Host=db;Database=workflows;Username=app;Password=…</c>.</param>
    /// <param name="configure">Changes the other options (the schema), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public static IMarketingWorkflowsBuilder UsePostgreSql(this IMarketingWorkflowsBuilder builder, string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Register(builder, new PostgreSqlStoreOptions { ConnectionString = connectionString }, configure);
    }

    /// <summary>
    /// Keeps instances, history, timers and the outbox in PostgreSQL through a data source the
    /// application built (pooling, authentication, logging). The store does not dispose it.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="dataSource">The data source.</param>
    /// <param name="configure">Changes the other options (the schema), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public static IMarketingWorkflowsBuilder UsePostgreSql(this IMarketingWorkflowsBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return Register(builder, new PostgreSqlStoreOptions { DataSource = dataSource }, configure);
    }

    private static IMarketingWorkflowsBuilder Register(IMarketingWorkflowsBuilder builder, PostgreSqlStoreOptions options, Action<PostgreSqlStoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        configure?.Invoke(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The PostgreSQL store options are not valid: " + string.Join("; ", problems) + ".", nameof(configure));
        }

        builder.UseStore(provider => new PostgreSqlProcessStore(options, provider.GetService<TimeProvider>()));
        builder.Services.AddSingleton<IInstanceCopies>(provider => provider.GetRequiredService<PostgreSqlProcessStore>());
        builder.Services.AddSingleton<IWorkSignal>(provider => provider.GetRequiredService<PostgreSqlProcessStore>());
        builder.Services.AddSingleton<IStoreProbe>(provider => provider.GetRequiredService<PostgreSqlProcessStore>());
        builder.Services.AddSingleton<IStoreStatistics>(provider => provider.GetRequiredService<PostgreSqlProcessStore>());
        builder.Services.AddSingleton<IAnalyticsSource>(provider => new SqlAnalyticsSource(provider.GetRequiredService<PostgreSqlProcessStore>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlStoreInitializer>());
        return builder;
    }

    /// <summary>Connects and migrates when the host starts, so an unreachable or newer database stops the start.</summary>
    private sealed class PostgreSqlStoreInitializer(PostgreSqlProcessStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
