using MarketingWorkflows.Analytics;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>A store is registered as each of its jobs, and its optional capabilities beside it; choosing another store takes them all away.</summary>
public sealed class StoreRegistrationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mwf-registration-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_store_is_every_job_and_offers_its_capabilities_through_the_container()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().UseSqlite($"Data Source={_file}");
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<SqliteProcessStore>();
        object[] jobs =
        [
            provider.GetRequiredService<IProcessStore>(),
            provider.GetRequiredService<IInstanceStore>(),
            provider.GetRequiredService<ITimerStore>(),
            provider.GetRequiredService<IOutboxStore>(),
            provider.GetRequiredService<IDelegationStore>(),
            provider.GetRequiredService<IIdempotencyStore>(),
            provider.GetRequiredService<IInstanceCopies>(),
            provider.GetRequiredService<IStoreStatistics>(),
        ];
        jobs.Should().AllSatisfy(job => job.Should().BeSameAs(store));
        provider.GetService<IAnalyticsSource>().Should().NotBeNull("the SQLite store computes the figures in its database");
        provider.GetService<IWorkSignal>().Should().BeNull("SQLite cannot tell other processes of new work; the workers poll");
    }

    [Fact]
    public async Task Choosing_another_store_replaces_the_first_with_its_capabilities()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows()
            .UsePostgreSql("Host=localhost;Database=never-opened")
            .UseInMemoryStore();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IProcessStore>().Should().BeOfType<InMemoryProcessStore>().Subject;
        provider.GetRequiredService<IOutboxStore>().Should().BeSameAs(store);
        provider.GetRequiredService<IInstanceCopies>().Should().BeSameAs(store);
        provider.GetService<IWorkSignal>().Should().BeNull("the PostgreSQL store's signal went with it");
        services.Count(d => d.ServiceType == typeof(IAnalyticsSource)).Should().Be(1);
        provider.GetRequiredService<IStoreStatistics>().Should().BeSameAs(store);
        services.Count(d => d.ServiceType == typeof(IStoreStatistics)).Should().Be(1);
    }

    [Fact]
    public async Task The_retention_worker_is_registered_once_however_often_the_engine_is_added()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().UseInMemoryStore();
        services.AddMarketingWorkflows();
        await using var provider = services.BuildServiceProvider();

        provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType().Name)
            .Should().BeEquivalentTo(["TimerWorker", "EventDispatcher", "RetentionWorker"]);
    }

    [Fact]
    public void The_postgresql_store_registers_its_wake_up_signal()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().UsePostgreSql("Host=localhost;Database=never-opened");

        services.Should().ContainSingle(d => d.ServiceType == typeof(IWorkSignal));
        services.Should().ContainSingle(d => d.ServiceType == typeof(IAnalyticsSource));
    }

    public void Dispose()
    {
        foreach (var path in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(path);
        }
    }
}
