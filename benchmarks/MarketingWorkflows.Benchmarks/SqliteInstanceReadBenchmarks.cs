using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// Reading one instance, chosen at random among 100,000 campaigns in a SQLite file: from the
/// store's cache of instance copies (the row's version is still read, to prove the copy current)
/// and not cached (the row's JSON is read and parsed too). What a read that misses the cache costs,
/// as the soak's reads spread over more campaigns than the cache holds.
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class SqliteInstanceReadBenchmarks
{
    private const int Instances = 100_000;
    private const int ReadsPerInvoke = 1_000;
    private string _folder = string.Empty;
    private SqliteProcessStore _store = null!;
    private Guid[] _ids = [];
    private readonly Random _random = new(42);

    /// <summary>Gets or sets whether the store's cache holds every instance (otherwise none).</summary>
    [Params(true, false)]
    public bool Cached { get; set; }

    /// <summary>Fills the file with campaigns as the sample host's, and reads each once so that a cache holding them all is full.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mwf-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var connectionString = $"Data Source={Path.Combine(_folder, "reads.db")}";
        var filling = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = connectionString, Synchronous = SqliteSynchronous.Normal });
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var data = JsonSerializer.SerializeToElement(new { name = "Spring launch", owner = "ana", budget = new { amount = 20_000, currency = "EUR" }, regions = new[] { "US" }, channels = new[] { "social", "search" } });
        _ids = Enumerable.Range(0, Instances).Select(i => Guid.CreateVersion7(at.AddSeconds(i))).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            var instance = new ProcessInstance
            {
                Id = _ids[i],
                ProcessId = "campaign-approval",
                DefinitionVersion = 1,
                State = "Draft",
                Data = data,
                Version = 1,
                CreatedBy = "ana",
                CreatedAt = at.AddSeconds(i),
                UpdatedAt = at.AddSeconds(i),
                StateEnteredAt = at.AddSeconds(i),
                AwaitingUsers = ["ana"],
                AwaitingRoles = [],
            };
            await filling.CommitAsync(new InstanceCommit(instance, null, [], [], [], null), ct);
        });
        await filling.DisposeAsync();

        _store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = connectionString, CachedInstances = Cached ? 2 * Instances : 0 });
        foreach (var id in _ids)
        {
            await _store.GetAsync(id);
        }
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Reads 1,000 instances at random; the figures are per read.</summary>
    [Benchmark(OperationsPerInvoke = ReadsPerInvoke)]
    public async Task Read_one_instance()
    {
        for (var i = 0; i < ReadsPerInvoke; i++)
        {
            await _store.GetAsync(_ids[_random.Next(Instances)]);
        }
    }
}
