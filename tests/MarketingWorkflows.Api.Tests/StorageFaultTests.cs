using MarketingWorkflows.Testing;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// The host when its store fails: a full SQLite file (capped with <c>Storage:SqliteMaxPageCount</c>,
/// a real <c>SQLITE_FULL</c>) and a stopped PostgreSQL server. Requests answer 503 with the
/// cause and Retry-After, readiness goes down and comes back by itself, liveness stays up.
/// </summary>
public sealed class StorageFaultTests
{
    [Fact]
    public async Task A_full_sqlite_file_answers_503_storage_full_changes_nothing_and_recovers_without_a_restart()
    {
        await using var factory = new ApiFactory("Development", new Dictionary<string, string?> { ["Storage:SqliteMaxPageCount"] = "200" });
        var ana = await factory.SignInAsync("ana");
        var probe = factory.CreateClient();
        var subject = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var historyBefore = await ana.GetStringAsync($"/api/instances/{subject}/history");
        (await ReadinessAsync(probe)).Status.Should().Be("Healthy");

        // Fill the file until a start is refused, then until even the readiness probe's page does not fit.
        HttpResponseMessage? refused = null;
        var started = new List<Guid>();
        for (var i = 0; i < 3_000 && refused is null; i++)
        {
            var response = await ana.PostAsJsonAsync("/api/instances", Campaigns.Start());
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                refused = response;
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.Created);
                started.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                response.Dispose();
            }
        }

        refused.Should().NotBeNull("the file reached its cap");
        using (refused)
        {
            var problem = await Campaigns.ProblemAsync(refused!, HttpStatusCode.ServiceUnavailable, "storage-full");
            problem.GetProperty("detail").GetString().Should().Contain("is full").And.Contain("Nothing was changed");
            refused!.Headers.RetryAfter!.Delta.Should().BePositive();
        }

        await WaitForReadinessAsync(probe, "Unhealthy", async () =>
        {
            using var more = await ana.PostAsJsonAsync("/api/instances", Campaigns.Start());
        });
        var unready = await ReadinessAsync(probe);
        unready.Code.Should().Be(HttpStatusCode.ServiceUnavailable);
        unready.Reason.Should().Be("storage-full");
        (await probe.GetStringAsync("/healthz")).Should().Be("Healthy", "liveness does not depend on the store: restarting would not make room");

        // A submit writes other pages than a start (its history entry's long comment goes to
        // pages of its own): fill what room starts left with submits of other campaigns.
        var submit = new { comment = new string('c', 3_900) };
        foreach (var other in started)
        {
            using var response = await ana.SendAsync(Campaigns.Post($"/api/instances/{other}/triggers/Submit", submit));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                break;
            }
        }

        using (var response = await ana.SendAsync(Campaigns.Post($"/api/instances/{subject}/triggers/Submit", submit, idempotencyKey: "submit-1")))
        {
            await Campaigns.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage-full");
            response.Headers.RetryAfter!.Delta.Should().BePositive();
        }

        // The webhook tables live in the same file: a subscription that does not fit is the same 503.
        var admin = await factory.SignInAsync("admin");
        var webhookRefused = false;
        for (var i = 0; i < 500 && !webhookRefused; i++)
        {
            using var response = await admin.PostAsJsonAsync("/api/webhooks", new { url = $"https://hooks.example.com/{i}/" + new string('w', 1_900), eventTypes = new[] { "marketingworkflows.campaign-approval.*" } });
            webhookRefused = response.StatusCode == HttpStatusCode.ServiceUnavailable;
            if (webhookRefused)
            {
                await Campaigns.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage-full");
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.Created, "a subscription either fits or is refused as the store being full");
            }
        }

        webhookRefused.Should().BeTrue("the subscriptions fill what room was left");

        var still = await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{subject}");
        still.GetProperty("version").GetInt64().Should().Be(1, "nothing was changed");
        (await ana.GetStringAsync($"/api/instances/{subject}/history")).Should().Be(historyBefore);

        // Make room as an operator would: delete data (here every other campaign).
        await using (var connection = new SqliteConnection(factory.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = """
                DELETE FROM mwf_history WHERE instance_id <> $id;
                DELETE FROM mwf_outbox WHERE instance_id <> $id;
                DELETE FROM mwf_timers WHERE instance_id <> $id;
                DELETE FROM mwf_awaiting WHERE instance_id <> $id;
                DELETE FROM mwf_instances WHERE id <> $id;
                """;
            delete.Parameters.AddWithValue("$id", subject.ToString());
            await delete.ExecuteNonQueryAsync();
        }

        await WaitForReadinessAsync(probe, "Healthy", () => Task.CompletedTask);
        JsonElement first;
        using (var response = await ana.SendAsync(Campaigns.Post($"/api/instances/{subject}/triggers/Submit", submit, idempotencyKey: "submit-1")))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            first = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance");
        }

        using (var response = await ana.SendAsync(Campaigns.Post($"/api/instances/{subject}/triggers/Submit", submit, idempotencyKey: "submit-1")))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, "the same key answers the first result again");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance").GetProperty("version").GetInt64().Should().Be(2);
        }

        first.GetProperty("version").GetInt64().Should().Be(2);
        var history = await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{subject}/history");
        history.EnumerateArray().Count(e => e.GetProperty("trigger").ValueKind == JsonValueKind.String && e.GetProperty("trigger").GetString() == "Submit").Should().Be(1, "applied exactly once");
    }

    [Fact]
    public async Task A_stopped_postgresql_server_answers_503_storage_unavailable_and_the_host_recovers_when_it_is_back()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        try
        {
            server.Owned.Should().BeTrue("this test stops and starts the server, so it needs one of its own");
            await using var factory = new ApiFactory("Development", new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "PostgreSql",
                ["Storage:PostgreSql"] = server.ConnectionString,
            });
            var ana = await factory.SignInAsync("ana");
            var probe = factory.CreateClient();
            var subject = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
            (await ReadinessAsync(probe)).Status.Should().Be("Healthy");

            await server.StopAsync();
            try
            {
                using (var response = await ana.SendAsync(Campaigns.Post($"/api/instances/{subject}/triggers/Submit", idempotencyKey: "submit-1")))
                {
                    var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage-unavailable");
                    problem.GetProperty("detail").GetString().Should().Contain("PostgreSQL").And.Contain("could not be reached");
                    response.Headers.RetryAfter!.Delta.Should().BePositive();
                }

                using (var response = await ana.GetAsync($"/api/instances/{subject}"))
                {
                    await Campaigns.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage-unavailable");
                }

                await WaitForReadinessAsync(probe, "Unhealthy", () => Task.CompletedTask);
                (await ReadinessAsync(probe)).Reason.Should().Be("storage-unavailable");
                (await probe.GetStringAsync("/healthz")).Should().Be("Healthy");
            }
            finally
            {
                await server.StartAsync();
            }

            await WaitForReadinessAsync(probe, "Healthy", () => Task.CompletedTask);
            using (var response = await ana.SendAsync(Campaigns.Post($"/api/instances/{subject}/triggers/Submit", idempotencyKey: "submit-1")))
            {
                response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance").GetProperty("version").GetInt64().Should().Be(2);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<(HttpStatusCode Code, string Status, string? Reason)> ReadinessAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var store = body.GetProperty("checks").GetProperty("store");
        return (response.StatusCode, body.GetProperty("status").GetString()!, store.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
    }

    // Readiness is probed at most once a second; wait (doing something between looks) until it says this.
    private static async Task WaitForReadinessAsync(HttpClient client, string status, Func<Task> between)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((await ReadinessAsync(client)).Status != status)
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"readiness should turn {status}");
            await between();
            await Task.Delay(100);
        }
    }
}
