using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using MarketingWorkflows.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>The engine on real SQLite files: durability across restarts, tamper evidence, concurrency.</summary>
public sealed class SqliteEngineTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_campaign_survives_a_restart_with_its_history_intact()
    {
        Guid id;
        {
            var engine = Engine(_database.OpenStore());
            var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
            id = instance.Id;
            await engine.FireAsync(new ProcessCommand(id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));
        }

        var reopened = Engine(_database.OpenStore());
        var read = await reopened.GetAsync(id);

        read.State.Should().Be(CampaignApproval.States.BudgetReview);
        read.Version.Should().Be(2);
        (await reopened.GetHistoryAsync(id)).Should().HaveCount(2);
        (await reopened.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData("comment", "'quietly changed'")]
    [InlineData("actor", "'mallory'")]
    [InlineData("to_state", "'Approved'")]
    [InlineData("at", "at + 1")]
    [InlineData("arguments", "'{\"decision\":\"approved\"}'")]
    public async Task Editing_any_past_history_row_in_the_file_is_detected(string column, string value)
    {
        var engine = Engine(_database.OpenStore());
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { Comment = "ready" });
        await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Cancel, EngineHarness.Ana) { Comment = "budget cut", Arguments = EngineHarness.Json(new { reason = "budget cut" }) });
        (await engine.VerifyHistoryAsync(instance.Id)).IsValid.Should().BeTrue();

        await _database.ExecuteAsync($"UPDATE mwf_history SET {column} = {value} WHERE instance_id = '{instance.Id}' AND sequence = 2;");

        var verification = await engine.VerifyHistoryAsync(instance.Id);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidSequence.Should().Be(2);
    }

    [Fact]
    public async Task Deleting_the_latest_history_row_is_detected()
    {
        var engine = Engine(_database.OpenStore());
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));

        await _database.ExecuteAsync($"DELETE FROM mwf_history WHERE instance_id = '{instance.Id}' AND sequence = 2;");

        (await engine.VerifyHistoryAsync(instance.Id)).IsValid.Should().BeFalse();
    }

    [Fact]
    public async Task Thirty_two_callers_on_eight_hot_instances_through_two_stores_count_every_decision_once()
    {
        var definition = QuorumProcess.Create("""{ "approvers": [ { "role": "panel" } ], "approve": 5, "onApproved": "Done", "onRejected": "Stopped" }""");
        var engines = new[] { Engine(_database.OpenStore(), definition), Engine(_database.OpenStore(), definition) };
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            var instance = await engines[0].StartAsync(QuorumProcess.Id, EngineHarness.Json(new { owner = "olga" }), new Actor("olga"));
            await engines[0].FireAsync(new ProcessCommand(instance.Id, "Submit", new Actor("olga")));
            ids.Add(instance.Id);
        }

        // Each caller is a different panel member; four land on each instance, through either store.
        await Task.WhenAll(Enumerable.Range(0, 32).Select(k => Task.Run(() =>
            engines[k % 2].DecideAsync(ids[k % 8], "approved", new Actor("p" + k, "panel")))));

        foreach (var id in ids)
        {
            var instance = await engines[0].GetAsync(id);
            instance.Decisions.Should().HaveCount(4).And.OnlyHaveUniqueItems(d => d.UserId);
            instance.Version.Should().Be(6);
            (await engines[1].GetHistoryAsync(id)).Should().HaveCount(6);
            (await engines[1].VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
        }
    }

    [Fact]
    public async Task Connections_that_write_wait_for_a_lock_inside_SQLite_for_the_configured_busy_timeout()
    {
        // Without SQLite's own busy_timeout, Microsoft.Data.Sqlite retries a locked statement only
        // every 150 ms: a command meeting the dispatcher's claim would wait that long for a lock
        // held for a few milliseconds.
        var store = _database.OpenStore(o => o.BusyTimeout = TimeSpan.FromSeconds(2.5));
        await store.InitializeAsync();
        await using var pooled = await store.OpenToWriteAsync(CancellationToken.None);

        foreach (var connection in new[] { store.WriterConnection!, pooled })
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(2500);
        }
    }

    [Fact]
    public async Task Retention_removes_every_expired_record_batch_by_batch()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        await using (var seed = await store.OpenToWriteAsync(CancellationToken.None))
        {
            using var insert = seed.CreateCommand();
            insert.CommandText = $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO mwf_commands (caller, key, fingerprint, created_at, instance_id, instance_version) SELECT 'ana', 'k' || i, 'f', i, '{Guid.NewGuid()}', 1 FROM n;";
            await insert.ExecuteNonQueryAsync();
        }

        // Records created at ticks 1..40; those before tick 31 have expired.
        var batches = new List<int>();
        int removed;
        do
        {
            removed = await store.RemoveExpiredCommandsAsync(new DateTimeOffset(31, TimeSpan.Zero), batchSize: 7);
            batches.Add(removed);
        }
        while (removed == 7);

        batches.Should().Equal(7, 7, 7, 7, 2);
        (await store.FindCommandAsync("ana", "k30")).Should().BeNull();
        (await store.FindCommandAsync("ana", "k31")).Should().NotBeNull();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_without_a_sync_of_its_own_gives_its_connection_back_as_durable_as_before(bool fails)
    {
        // Retention's batches commit this way; the connection goes back to the pool, and a command
        // written through it later must still wait for the disk.
        var store = _database.OpenStore();
        await store.InitializeAsync();
        await using var connection = await store.OpenToWriteAsync(CancellationToken.None);
        await Execute(connection, "PRAGMA synchronous = FULL;");

        var write = async () =>
        {
            using var unsynced = UnsyncedCommits.On(connection);
            (await Execute(connection, "PRAGMA synchronous;")).Should().Be(1, "the write itself does not wait for the disk");
            if (fails)
            {
                throw new InvalidOperationException("the write failed");
            }
        };

        if (fails)
        {
            await write.Should().ThrowAsync<InvalidOperationException>();
        }
        else
        {
            await write();
        }

        (await Execute(connection, "PRAGMA synchronous;")).Should().Be(2);

        static async Task<long> Execute(Microsoft.Data.Sqlite.SqliteConnection connection, string statement)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    public async Task Every_connection_that_writes_syncs_as_the_store_s_option_says(SqliteSynchronous synchronous, long setting)
    {
        // Timers, outbox deliveries, delegations and retention write through pooled connections, beside the writer's own.
        var store = _database.OpenStore(o => o.Synchronous = synchronous);
        await store.InitializeAsync();
        await using var pooled = await store.OpenToWriteAsync(CancellationToken.None);

        (await Setting(store.WriterConnection!)).Should().Be(setting);
        (await Setting(pooled)).Should().Be(setting);

        static async Task<long> Setting(Microsoft.Data.Sqlite.SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public async Task A_command_waits_for_the_store_s_other_write_without_holding_up_its_caller_and_commits_after_it()
    {
        var store = _database.OpenStore();
        var engine = Engine(store);
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);

        // As the event dispatcher's claim does, hold this process's turn to write.
        await store.WriteTurn.WaitAsync();
        var fired = engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));
        await Task.Delay(200);
        fired.IsCompleted.Should().BeFalse("the other write still has the turn");
        store.WriteTurn.Release();

        (await fired).Instance.Version.Should().Be(instance.Version + 1);
        (await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Withdraw, EngineHarness.Ana))).Instance.Version.Should().Be(instance.Version + 2);
        (await engine.VerifyHistoryAsync(instance.Id)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_command_that_meets_another_connections_write_lock_commits_once_the_lock_is_released()
    {
        var engine = Engine(_database.OpenStore());
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);

        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection(_database.ConnectionString + ";Pooling=False"))
        {
            await other.OpenAsync();
            var transaction = other.BeginTransaction(deferred: false);
            using (var write = other.CreateCommand())
            {
                write.Transaction = transaction;
                write.CommandText = "UPDATE mwf_schema_version SET description = description;";
                await write.ExecuteNonQueryAsync();
            }

            // On another thread: a caller that finds the writer idle writes its command itself.
            var fired = Task.Run(() => engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana)));
            await Task.Delay(200);
            fired.IsCompleted.Should().BeFalse("the other connection still holds the write lock");
            transaction.Commit();
            (await fired).Instance.Version.Should().Be(instance.Version + 1);
        }

        (await engine.GetHistoryAsync(instance.Id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Callers_racing_on_one_version_get_one_winner_and_clear_conflicts()
    {
        var definition = QuorumProcess.Create("""{ "approvers": [ { "role": "panel" } ], "approve": 20, "onApproved": "Done", "onRejected": "Stopped" }""");
        var engines = new[] { Engine(_database.OpenStore(), definition), Engine(_database.OpenStore(), definition) };
        var instance = await engines[0].StartAsync(QuorumProcess.Id, EngineHarness.Json(new { owner = "olga" }), new Actor("olga"));
        var submitted = (await engines[0].FireAsync(new ProcessCommand(instance.Id, "Submit", new Actor("olga")))).Instance;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(k => Task.Run(async () =>
        {
            try
            {
                await engines[k % 2].DecideAsync(instance.Id, "approved", new Actor("p" + k, "panel"), expectedVersion: submitted.Version);
                return "won";
            }
            catch (ConcurrencyConflictException ex)
            {
                ex.ExpectedVersion.Should().Be(submitted.Version);
                ex.ActualVersion.Should().Be(submitted.Version + 1);
                return "conflict";
            }
        })));

        outcomes.Count(o => o == "won").Should().Be(1);
        outcomes.Count(o => o == "conflict").Should().Be(15);
        (await engines[0].GetAsync(instance.Id)).Decisions.Should().ContainSingle();
    }

    [Fact]
    public async Task A_refused_commit_in_a_group_leaves_nothing_behind_and_the_others_commit()
    {
        var store = _database.OpenStore();
        var engine = Engine(store);
        var first = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var second = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var entry = (await store.GetHistoryAsync(first.Id))[0];
        var group = new List<PendingCommit>
        {
            new(new InstanceCommit(first with { Version = 2, State = "A" }, 1, [entry with { Sequence = 2 }], null, [], ProcessStoreContract.Key("k1")) { Previous = first }),
            new(new InstanceCommit(second with { Version = 6, State = "Stale" }, 5, [entry with { InstanceId = second.Id, Sequence = 2 }], null, [], ProcessStoreContract.Key("k2")) { Previous = second }),
            new(new InstanceCommit(first with { Version = 3, State = "B" }, 2, [entry with { Sequence = 3 }], null, [], ProcessStoreContract.Key("k1")) { Previous = first with { Version = 2 } }),
            new(new InstanceCommit(second with { Version = 2, State = "C" }, 1, [entry with { InstanceId = second.Id, Sequence = 2 }], null, [], null) { Previous = second }),
        };
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            using var writer = new SqliteWriter(connection, store.Fault, "FULL");
            writer.Write([.. group]);
        }

        await group[0].Completion.Task;
        await FluentActions.Awaiting(() => group[1].Completion.Task).Should().ThrowAsync<StoreConcurrencyException>();
        await FluentActions.Awaiting(() => group[2].Completion.Task).Should().ThrowAsync<DuplicateCommandException>();
        await group[3].Completion.Task;
        (await store.GetAsync(first.Id))!.State.Should().Be("A");
        (await store.GetAsync(second.Id))!.State.Should().Be("C");
        (await store.GetHistoryAsync(first.Id)).Select(h => h.Sequence).Should().Equal(1, 2);
        (await store.GetHistoryAsync(second.Id)).Select(h => h.Sequence).Should().Equal(1, 2);
        (await store.FindCommandAsync("ana", "k2")).Should().BeNull();
    }

    [Fact]
    public async Task A_commit_that_fails_unexpectedly_fails_alone_and_leaves_nothing_behind()
    {
        var store = _database.OpenStore();
        var engine = Engine(store);
        var good = new List<ProcessInstance>();
        for (var i = 0; i < 10; i++)
        {
            good.Add(await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana));
        }

        var bad = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var badHistory = await store.GetHistoryAsync(bad.Id);

        // One group, as the writer takes it from the queue under load; the bad commit repeats
        // history entry 1 after its instance row was already written.
        var group = good.Select(g => new PendingCommit(new InstanceCommit(g with { Version = 2, State = "Moved" }, 1, [], null, [], null) { Previous = g }))
            .Append(new PendingCommit(new InstanceCommit(bad with { Version = 2, State = "Moved" }, 1, badHistory, null, [], null) { Previous = bad }))
            .ToList();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            using var writer = new SqliteWriter(connection, store.Fault, "FULL");
            writer.Write([.. group]);
        }

        var outcomes = await Task.WhenAll(group.Select(async c =>
        {
            try
            {
                await c.Completion.Task;
                return "ok";
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                return "failed";
            }
        }));

        outcomes.Count(o => o == "ok").Should().Be(10);
        outcomes.Last().Should().Be("failed");
        (await store.GetAsync(bad.Id))!.Version.Should().Be(1, "its transaction was rolled back whole");
        foreach (var g in good)
        {
            (await store.GetAsync(g.Id))!.State.Should().Be("Moved");
        }
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_result_after_a_restart()
    {
        var engine = Engine(_database.OpenStore());
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var first = await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-once" });

        var again = await Engine(_database.OpenStore()).FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-once" });

        again.Replayed.Should().BeTrue();
        again.Instance.Version.Should().Be(first.Instance.Version);
        again.Events.Select(e => e.Type).Should().Equal(first.Events.Select(e => e.Type));
        again.Events[0].Data.GetProperty("trigger").GetString().Should().Be(CampaignApproval.Triggers.Submit);
        (await engine.GetHistoryAsync(instance.Id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_thousand_timers_due_at_once_fire_exactly_once_across_a_restart_in_the_middle()
    {
        var clock = new ManualClock(EngineHarness.Monday);
        var store = _database.OpenStore();
        var engine = Engine(store, clock, TimerTests.Expiring());
        var ids = new List<Guid>();
        for (var i = 0; i < 1000; i++)
        {
            ids.Add((await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), new Actor("olga"))).Id);
        }

        clock.Advance(TimeSpan.FromDays(1));
        var options = new MarketingWorkflowsOptions { BatchSize = 100 };
        using (var stop = new CancellationTokenSource())
        {
            var worker = new TimerWorker(engine, store, null, options, clock);
            await worker.RunOnceAsync(CancellationToken.None);
            stop.CancelAfter(TimeSpan.FromMilliseconds(30));
            try
            {
                while (true)
                {
                    await worker.RunOnceAsync(stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The host stops in the middle of a batch.
            }
        }

        await store.DisposeAsync();
        var restarted = _database.OpenStore();
        var again = new TimerWorker(Engine(restarted, clock, TimerTests.Expiring()), restarted, null, options, clock);
        while (await again.RunOnceAsync(CancellationToken.None) > 0)
        {
        }

        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_timers;")).Should().Be(0L);
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_instances WHERE state = 'Expired';")).Should().Be(1000L);
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_history WHERE trigger = 'Expire';")).Should().Be(1000L, "each deadline fired once");
        (await _database.ScalarAsync("SELECT COUNT(*) FROM (SELECT instance_id FROM mwf_history WHERE trigger = 'Expire' GROUP BY instance_id HAVING COUNT(*) = 1);")).Should().Be(1000L);
        (await _database.ScalarAsync("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM mwf_history WHERE kind = 'Deadline' AND trigger IS NULL GROUP BY instance_id);"))
            .Should().Match<object?>(n => (long)n! <= 2, "each of the two reminders fires at most once (a reminder due with the deadline is void once the deadline has moved the instance on)");
        foreach (var id in ids.Take(50))
        {
            (await Engine(restarted, clock, TimerTests.Expiring()).VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
        }
    }

    [Fact]
    public async Task The_hosted_worker_fires_a_deadline_that_passed_while_the_host_was_down()
    {
        var clock = new ManualClock(EngineHarness.Monday);
        Guid id;
        {
            var engine = Engine(_database.OpenStore(), clock, TimerTests.Expiring());
            id = (await engine.StartAsync("expiring", EngineHarness.Json(new { owner = "olga" }), new Actor("olga"))).Id;
        }

        // The host is down for a week; when it comes back, the worker catches up.
        clock.Advance(TimeSpan.FromDays(7));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddMarketingWorkflows(o => o.PollInterval = TimeSpan.FromMilliseconds(20)).AddProcess(TimerTests.Expiring()).UseSqlite(_database.ConnectionString);
        using var host = builder.Build();
        await host.StartAsync();
        var engineInHost = host.Services.GetRequiredService<IProcessEngine>();
        for (var i = 0; i < 500 && (await engineInHost.GetAsync(id)).State != "Expired"; i++)
        {
            await Task.Delay(20);
        }

        await host.StopAsync();
        (await engineInHost.GetAsync(id)).State.Should().Be("Expired");
        (await engineInHost.GetHistoryAsync(id)).Count(e => e.Trigger == "Expire").Should().Be(1);
    }

    private static ProcessEngine Engine(SqliteProcessStore store, params ProcessDefinition[] extra) => Engine(store, null, extra);

    private static ProcessEngine Engine(SqliteProcessStore store, TimeProvider? clock, params ProcessDefinition[] extra)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions.Concat(extra))
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, store, timeProvider: clock);
    }
}
