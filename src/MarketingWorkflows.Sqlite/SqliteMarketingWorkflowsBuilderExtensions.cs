using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Analytics;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store.</summary>
public static class SqliteMarketingWorkflowsBuilderExtensions
{
    /// <summary>
    /// Keeps instances, history, timers and the outbox in a SQLite file: the embedded default.
    /// The schema is created or migrated when the host starts (or on first use without a host);
    /// a file that is not ours, newer or read-only stops the start with a
    /// <see cref="StoreStartupException"/> and is not changed.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The connection string, such as <c>Data Source=workflows.db</c>.</param>
    /// <param name="configure">Changes the other options, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public static IMarketingWorkflowsBuilder UseSqlite(this IMarketingWorkflowsBuilder builder, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new SqliteStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The SQLite store options are not valid: " + string.Join("; ", problems) + ".", nameof(configure));
        }

        builder.UseStore(provider => new SqliteProcessStore(options, provider.GetService<TimeProvider>()));
        builder.Services.AddSingleton<IInstanceCopies>(provider => provider.GetRequiredService<SqliteProcessStore>());
        builder.Services.AddSingleton<IStoreProbe>(provider => provider.GetRequiredService<SqliteProcessStore>());
        builder.Services.AddSingleton<IStoreStatistics>(provider => provider.GetRequiredService<SqliteProcessStore>());
        builder.Services.AddSingleton<IAnalyticsSource>(provider => new SqlAnalyticsSource(provider.GetRequiredService<SqliteProcessStore>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteStoreInitializer>());
        return builder;
    }

    /// <summary>Opens and migrates the database when the host starts, so a bad file stops the start.</summary>
    private sealed class SqliteStoreInitializer(SqliteProcessStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
