using System.Security.Cryptography;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>What the store does with files it finds at start-up: creates, migrates, or refuses without changing them.</summary>
public sealed class SqliteStartupTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_missing_file_is_created_with_the_current_schema_in_wal_mode()
    {
        await _database.OpenStore().InitializeAsync();

        File.Exists(_database.Path).Should().BeTrue();
        (await _database.ScalarAsync("SELECT MAX(version) FROM mwf_schema_version;")).Should().Be((long)SqliteProcessStore.SchemaVersion);
        (await _database.ScalarAsync("PRAGMA journal_mode;")).Should().Be("wal");
    }

    [Fact]
    public async Task A_database_at_an_older_schema_is_migrated_step_by_step_keeping_its_rows()
    {
        await using (var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await SqliteSchema.MigrateAsync(connection, _database.Path, EngineHarness.Monday, CancellationToken.None, targetVersion: 1);
        }

        await _database.ExecuteAsync("INSERT INTO mwf_timers (id, instance_id, kind, state, due_at, trigger) VALUES ('0195f000-0000-7000-8000-000000000009', '0195f000-0000-7000-8000-000000000001', 'deadline', 'Draft', 1, NULL);");

        var store = _database.OpenStore();
        await store.InitializeAsync();

        (await _database.ScalarAsync("SELECT group_concat(version) FROM (SELECT version FROM mwf_schema_version ORDER BY version);")).Should().Be(string.Join(",", Enumerable.Range(1, SqliteProcessStore.SchemaVersion)));
        (await store.GetDueTimersAsync(DateTimeOffset.MaxValue, 10)).Should().ContainSingle().Which.Attempts.Should().Be(0);
    }

    [Fact]
    public async Task Two_stores_starting_at_once_apply_each_migration_step_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => _database.OpenStore()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));

        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_schema_version;")).Should().Be((long)SqliteProcessStore.SchemaVersion);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_and_left_unchanged()
    {
        var bytes = RandomNumberGenerator.GetBytes(8192);
        await File.WriteAllBytesAsync(_database.Path, bytes);

        var start = () => _database.OpenStore().InitializeAsync();

        (await start.Should().ThrowAsync<StoreStartupException>()).WithMessage("*is not a SQLite database*");
        (await File.ReadAllBytesAsync(_database.Path)).Should().Equal(bytes);
    }

    [Fact]
    public async Task A_database_of_another_application_is_refused_and_left_unchanged()
    {
        await _database.ExecuteAsync("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Acme');");
        SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(_database.Path);

        var start = () => _database.OpenStore().InitializeAsync();

        (await start.Should().ThrowAsync<StoreStartupException>()).WithMessage("*tables that are not MarketingWorkflows's (customers)*");
        SqliteConnection.ClearAllPools();
        (await File.ReadAllBytesAsync(_database.Path)).Should().Equal(before);
        (await _database.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'mwf_%';")).Should().Be(0L);
    }

    [Fact]
    public async Task A_newer_schema_is_refused_and_left_unchanged()
    {
        await _database.OpenStore().InitializeAsync();
        await _database.ExecuteAsync("INSERT INTO mwf_schema_version (version, applied_at, description) VALUES (99, '2030-01-01', 'from the future');");

        var start = () => _database.OpenStore().InitializeAsync();

        (await start.Should().ThrowAsync<StoreStartupException>()).WithMessage("*schema version 99, newer than*");
        (await _database.ScalarAsync("SELECT MAX(version) FROM mwf_schema_version;")).Should().Be(99L);
    }

    [Fact]
    public async Task A_read_only_database_is_refused_with_a_clear_error()
    {
        await _database.OpenStore().InitializeAsync();

        var readOnly = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = _database.ConnectionString + ";Mode=ReadOnly" });
        await using (readOnly)
        {
            var start = () => readOnly.InitializeAsync();
            (await start.Should().ThrowAsync<StoreStartupException>()).WithMessage("*is read-only*");
        }
    }

    [Fact]
    public async Task A_database_file_whose_permissions_forbid_writing_is_refused_and_left_as_it_was()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(_database.Path, FileAttributes.ReadOnly);
        }
        else
        {
            File.SetUnixFileMode(_database.Path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var before = File.ReadAllBytes(_database.Path);
        var files = Directory.GetFiles(_database.Folder).Order().ToList();
        try
        {
            var readOnly = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = _database.ConnectionString });
            await using (readOnly)
            {
                var start = () => readOnly.InitializeAsync();
                (await start.Should().ThrowAsync<StoreStartupException>()).WithMessage("*is read-only*permissions*");
            }

            File.ReadAllBytes(_database.Path).Should().Equal(before);
            Directory.GetFiles(_database.Folder).Order().Should().Equal(files, "no -wal or -shm file was created beside it");
        }
        finally
        {
            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(_database.Path, FileAttributes.Normal);
            }
            else
            {
                File.SetUnixFileMode(_database.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
    }

    [Fact]
    public async Task A_folder_that_does_not_exist_is_a_clear_error()
    {
        var store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_database.Folder, "missing", "workflows.db")}" });
        await using (store)
        {
            var start = () => store.InitializeAsync();
            (await start.Should().ThrowAsync<StoreStartupException>()).WithMessage("*cannot be opened or created*");
        }
    }

    [Fact]
    public void An_in_memory_sqlite_database_is_refused_because_it_is_not_durable()
    {
        var create = () => new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = "Data Source=:memory:" });

        create.Should().Throw<ArgumentException>().WithMessage("*needs a file*");
    }

    [Fact]
    public async Task A_host_with_a_bad_file_fails_to_start()
    {
        await File.WriteAllBytesAsync(_database.Path, RandomNumberGenerator.GetBytes(4096));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMarketingWorkflows().AddBuiltInProcesses().UseSqlite(_database.ConnectionString);
        using var host = builder.Build();

        var start = () => host.StartAsync();

        await start.Should().ThrowAsync<StoreStartupException>();
    }

    [Fact]
    public async Task Registration_resolves_the_sqlite_store_as_the_process_store()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().UseInMemoryStore().UseSqlite(_database.ConnectionString, o => o.Synchronous = SqliteSynchronous.Normal);
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IProcessStore>().Should().BeOfType<SqliteProcessStore>();
    }
}
