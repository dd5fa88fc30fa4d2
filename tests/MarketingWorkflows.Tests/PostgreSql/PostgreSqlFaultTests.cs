using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using Npgsql;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>
/// Faults of a real PostgreSQL server: stopped, read-only; and how each of its error codes for a
/// full disk or an unusable server is told. Each is a typed error that says the cause, and the
/// store works again once the cause is gone.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlFaultTests(PostgresServer server)
{
    [Fact]
    public async Task A_stopped_server_gives_store_unavailable_on_reads_writes_and_the_probe_and_the_store_recovers_when_it_is_back()
    {
        server.Owned.Should().BeTrue("this test stops and starts the server, so it needs the one the fixture started");
        await using var store = server.OpenStore();
        await store.InitializeAsync();
        await store.ProbeWriteAsync();

        await server.StopAsync();
        try
        {
            var error = (await store.Invoking(s => s.ProbeWriteAsync()).Should().ThrowAsync<StoreUnavailableException>()).Which;
            error.Should().NotBeOfType<StoreFullException>();
            error.Message.Should().Contain("could not be reached").And.Contain($":{server.Port}/");
            await store.Invoking(s => s.GetAsync(Guid.NewGuid())).Should().ThrowAsync<StoreUnavailableException>();
            await store.Invoking(s => s.GetHistoryAsync(Guid.NewGuid())).Should().ThrowAsync<StoreUnavailableException>();
        }
        finally
        {
            await server.StartAsync();

            // The restart broke the connections pooled for the server's connection string, which
            // other tests' setup reads through (PostgresServer.ScalarAsync): drop them.
            using var pooled = new NpgsqlConnection(server.ConnectionString);
            NpgsqlConnection.ClearPool(pooled);
        }

        // Connections the pool kept from before the restart are found broken one by one.
        Exception? last = null;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            try
            {
                await store.ProbeWriteAsync();
                last = null;
                break;
            }
            catch (StoreUnavailableException ex)
            {
                last = ex;
            }
        }

        last.Should().BeNull("the store writes again once the server is back, without being reopened");
        (await store.GetAsync(Guid.NewGuid())).Should().BeNull();
    }

    [Fact]
    public async Task A_read_only_server_gives_store_unavailable_naming_it_read_only()
    {
        var schema = PostgresServer.NewSchema();
        await using (var writable = server.OpenStore(schema))
        {
            await writable.InitializeAsync();
        }

        await using var store = new PostgreSqlProcessStore(new PostgreSqlStoreOptions
        {
            ConnectionString = server.ConnectionString + ";Options=-c default_transaction_read_only=on",
            Schema = schema,
        });
        await store.InitializeAsync();

        var error = (await store.Invoking(s => s.ProbeWriteAsync()).Should().ThrowAsync<StoreUnavailableException>()).Which;
        error.Should().NotBeOfType<StoreFullException>();
        error.Message.Should().Contain("read-only").And.Contain("Nothing was changed");
        (await store.GetAsync(Guid.NewGuid())).Should().BeNull("reads still work");
    }

    [Theory]
    [InlineData("53100", typeof(StoreFullException), "is full")]
    [InlineData("25006", typeof(StoreUnavailableException), "read-only")]
    [InlineData("57P03", typeof(StoreUnavailableException), "not yet accepting connections")]
    [InlineData("53300", typeof(StoreUnavailableException), "out of resources")]
    [InlineData("08006", typeof(StoreUnavailableException), "connection to PostgreSQL")]
    public void A_server_error_of_an_unusable_database_is_told_as_its_cause(string sqlState, Type expected, string phrase)
    {
        var error = PostgreSqlFaults.Classify(new PostgresException("it failed", "ERROR", "ERROR", sqlState), "db:5432/postgres", inDoubt: true);

        error.Should().BeOfType(expected);
        error!.Message.Should().Contain(phrase).And.Contain(sqlState).And.Contain("Nothing was changed", "the server answered, so it rolled the transaction back");
    }

    [Fact]
    public void A_server_error_about_the_statement_itself_is_left_as_it_is()
        => PostgreSqlFaults.Classify(new PostgresException("syntax error", "ERROR", "ERROR", "42601"), "db:5432/postgres", inDoubt: false).Should().BeNull();
}
