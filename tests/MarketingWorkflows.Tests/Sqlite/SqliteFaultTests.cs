using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>
/// Faults of a real SQLite file: full (its size capped with <c>max_page_count</c>), locked by
/// another process past the busy timeout, read-only. Each is a typed error that says the cause,
/// nothing of the command is kept, and the store takes commands again once the cause is gone.
/// </summary>
public sealed class SqliteFaultTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_file_at_its_size_cap_refuses_commands_as_full_keeps_nothing_of_them_and_takes_them_again_once_room_is_made()
    {
        var store = _database.OpenStore(o => o.MaxPageCount = 120);
        var engine = Engine(store, new MarketingWorkflowsOptions { MaxCommentLength = 80_000 });
        var subject = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);

        // Fill the file with starts, many at once so that the writer commits them in groups.
        var started = 1;
        var failures = new List<Exception>();
        for (var round = 0; round < 200 && failures.Count == 0; round++)
        {
            var batch = Enumerable.Range(0, 16).Select(_ => engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana)).ToList();
            try
            {
                await Task.WhenAll(batch);
            }
            catch (Exception)
            {
                // Each task is looked at below.
            }

            started += batch.Count(t => t.IsCompletedSuccessfully);
            failures.AddRange(batch.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!));
        }

        failures.Should().NotBeEmpty("the file reached its cap").And.AllBeOfType<StoreFullException>("a full file is told as such, to every command of a failed group");
        failures[0].Message.Should().Contain("workflows.db is full").And.Contain("MaxPageCount").And.Contain("Nothing was changed");
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_instances;")).Should().Be((long)started, "a command that failed left no instance behind");
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_history;")).Should().Be((long)started, "nor any history");

        // Use up the last free pages, until even the readiness probe's sixteen pages do not fit.
        for (var attempt = 0; attempt < 500 && await ProbePassesAsync(store); attempt++)
        {
            try
            {
                await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
            }
            catch (StoreFullException)
            {
                // Too large for what is left; a smaller write may still fit.
            }
        }

        await store.Invoking(s => s.ProbeWriteAsync()).Should().ThrowAsync<StoreFullException>();
        // A comment of more than sixteen pages: the submit cannot fit in what the probe left.
        var submit = new ProcessCommand(subject.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { Comment = new string('c', 70_000), IdempotencyKey = "submit-1" };
        (await engine.Invoking(e => e.FireAsync(submit)).Should().ThrowAsync<StoreFullException>()).Which.Message.Should().Contain("Nothing was changed");
        (await store.GetAsync(subject.Id))!.Version.Should().Be(1);
        (await store.GetHistoryAsync(subject.Id)).Should().HaveCount(1);
        (await store.FindCommandAsync("ana", "submit-1")).Should().BeNull("the key was not recorded either");

        await _database.ExecuteAsync($"""
            DELETE FROM mwf_history WHERE instance_id <> '{subject.Id}';
            DELETE FROM mwf_outbox WHERE instance_id <> '{subject.Id}';
            DELETE FROM mwf_timers WHERE instance_id <> '{subject.Id}';
            DELETE FROM mwf_awaiting WHERE instance_id <> '{subject.Id}';
            DELETE FROM mwf_instances WHERE id <> '{subject.Id}';
            """);

        await store.ProbeWriteAsync();
        var first = await engine.FireAsync(submit);
        var again = await engine.FireAsync(submit);
        first.Instance.State.Should().Be(CampaignApproval.States.BudgetReview);
        first.Instance.Version.Should().Be(2);
        again.Instance.Version.Should().Be(2, "the same key applies the command once");
        (await store.GetHistoryAsync(subject.Id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_file_locked_by_another_process_past_the_busy_timeout_gives_store_unavailable_and_nothing_changes()
    {
        var store = _database.OpenStore(o => o.BusyTimeout = TimeSpan.FromMilliseconds(200));
        var engine = Engine(store);
        var subject = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);

        await using (var other = new SqliteConnection(_database.ConnectionString + ";Pooling=False"))
        {
            await other.OpenAsync();
            await using var lockIt = other.CreateCommand();
            lockIt.CommandText = "BEGIN IMMEDIATE;";
            await lockIt.ExecuteNonQueryAsync();

            var error = (await engine.Invoking(e => e.FireAsync(new ProcessCommand(subject.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "k" }))
                .Should().ThrowAsync<StoreUnavailableException>()).Which;
            error.Should().NotBeOfType<StoreFullException>();
            error.Message.Should().Contain("locked").And.Contain("busy timeout").And.Contain("Nothing was changed");
            await store.Invoking(s => s.ProbeWriteAsync()).Should().ThrowAsync<StoreUnavailableException>();
        }

        (await store.GetAsync(subject.Id))!.Version.Should().Be(1);
        var result = await engine.FireAsync(new ProcessCommand(subject.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "k" });
        result.Instance.Version.Should().Be(2);
    }

    [Fact]
    public async Task A_file_that_can_no_longer_be_written_gives_store_unavailable_naming_it_read_only()
    {
        var store = _database.OpenStore();
        var engine = Engine(store);
        var subject = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await SetQueryOnlyAsync(store, on: true);

        var error = (await engine.Invoking(e => e.FireAsync(new ProcessCommand(subject.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana)))
            .Should().ThrowAsync<StoreUnavailableException>()).Which;
        error.Should().NotBeOfType<StoreFullException>();
        error.Message.Should().Contain("read-only").And.Contain("Nothing was changed");
        (await store.GetAsync(subject.Id))!.Version.Should().Be(1, "reads still work");

        await SetQueryOnlyAsync(store, on: false);
        (await engine.FireAsync(new ProcessCommand(subject.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana))).Instance.Version.Should().Be(2);
    }

    [Fact]
    public void A_cap_below_one_page_is_refused_with_the_option_named()
        => new SqliteStoreOptions { ConnectionString = "Data Source=x.db", MaxPageCount = 0 }.Validate().Should().ContainSingle().Which.Should().Contain("MaxPageCount");

    // The writer's own connection refuses writes as one on a read-only file does (SQLITE_READONLY).
    private static async Task SetQueryOnlyAsync(SqliteProcessStore store, bool on)
    {
        await store.WriteTurn.WaitAsync();
        try
        {
            using var pragma = store.WriterConnection!.CreateCommand();
            pragma.CommandText = on ? "PRAGMA query_only = 1;" : "PRAGMA query_only = 0;";
            pragma.ExecuteNonQuery();
        }
        finally
        {
            store.WriteTurn.Release();
        }
    }

    private static async Task<bool> ProbePassesAsync(SqliteProcessStore store)
    {
        try
        {
            await store.ProbeWriteAsync();
            return true;
        }
        catch (StoreFullException)
        {
            return false;
        }
    }

    private static ProcessEngine Engine(SqliteProcessStore store, MarketingWorkflowsOptions? options = null)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, store, options);
    }
}
