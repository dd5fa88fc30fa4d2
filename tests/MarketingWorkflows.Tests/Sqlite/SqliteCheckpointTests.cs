using MarketingWorkflows.Tests.Storage;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>The write-ahead log is copied into the file in the background, and stays bounded under writes that never pause.</summary>
public sealed class SqliteCheckpointTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task The_writer_checkpoints_itself_only_as_a_backstop_and_commits_are_checkpointed_in_the_background()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        using (var setting = store.WriterConnection!.CreateCommand())
        {
            setting.CommandText = "PRAGMA wal_autocheckpoint;";
            Convert.ToInt64(setting.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(MarketingWorkflows.Sqlite.SqliteCheckpointer.WriterBackstopPages);
        }

        for (var i = 0; i < 10; i++)
        {
            var instance = ProcessStoreContract.Instance(Guid.NewGuid(), 1);
            await store.CommitAsync(ProcessStoreContract.Commit(instance, null, 1, events: 1));
        }

        // Ten commits are far from the writer's backstop: only the checkpointer copies them, within moments.
        // A checkpoint may already have run for the first commits while the last were still committing,
        // so the test waits for what matters, the last commit's pages in the file, not for a first checkpoint
        // (which counts itself only once its copy is done).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        long inTheFile;
        while (((inTheFile = await InstancesInTheFileItselfAsync()) < 10 || store.Checkpoints == 0) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        store.Checkpoints.Should().BeGreaterThan(0);
        inTheFile.Should().Be(10, "every page the commits wrote is copied from the log into the file");
    }

    [Fact]
    public async Task Under_commits_that_never_pause_the_log_stays_bounded_and_every_commit_is_kept()
    {
        var store = _database.OpenStore();
        var ids = new List<Guid>();
        var wal = _database.Path + "-wal";
        long largest = 0;

        // About 30 MB of log written by four writers at once, with no pause for the checkpointer to catch up.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 400; i++)
            {
                var instance = ProcessStoreContract.Instance(Guid.NewGuid(), 1) with
                {
                    Data = System.Text.Json.JsonSerializer.SerializeToElement(new { name = new string('n', 4_000), owner = "ana" }),
                };
                await store.CommitAsync(ProcessStoreContract.Commit(instance, null, 1, lastSequence: 3, events: 2));
                lock (ids)
                {
                    ids.Add(instance.Id);
                    largest = Math.Max(largest, File.Exists(wal) ? new FileInfo(wal).Length : 0);
                }
            }
        })));

        // The backstop is 4,000 pages (about 16 MB with their frame headers); a group may end a little past it.
        largest.Should().BeLessThan(24L * 1024 * 1024);
        await store.DisposeAsync();
        var reopened = _database.OpenStore();
        foreach (var id in ids)
        {
            (await reopened.GetAsync(id)).Should().NotBeNull();
        }
    }

    /// <summary>Counts the instances in the database file alone, not reading the log (<c>immutable</c>).</summary>
    /// <returns>The count, or -1 while a checkpoint is copying pages under the read.</returns>
    private async Task<long> InstancesInTheFileItselfAsync()
    {
        try
        {
            await using var connection = new SqliteConnection($"Data Source=file:{_database.Path}?immutable=1;Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM mwf_instances;";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return -1;
        }
    }
}
