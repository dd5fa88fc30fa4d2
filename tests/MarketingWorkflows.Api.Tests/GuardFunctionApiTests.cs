using System.Runtime.CompilerServices;

namespace MarketingWorkflows.Api.Tests;

/// <summary>The sample host's <c>budgetLeft(region)</c>, read from its <c>Budgets</c> configuration, deciding samples/MarketingWorkflows.Api/Definitions/regional-campaign.yaml.</summary>
public sealed class GuardFunctionApiTests
{
    private static string ExampleText([CallerFilePath] string path = "")
    {
        var directory = Path.GetDirectoryName(path);
        while (directory is not null && !File.Exists(Path.Combine(directory, "MarketingWorkflows.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return File.ReadAllText(Path.Combine(directory!, "samples", "MarketingWorkflows.Api", "Definitions", "regional-campaign.yaml"));
    }

    private static async Task<Guid> StartAsync(HttpClient client, string region, decimal budget)
    {
        using var response = await client.PostAsJsonAsync("/api/instances", new
        {
            processId = "regional-campaign",
            data = new { name = "Autumn push", owner = "ana", region, budget = new { amount = budget, currency = "EUR" } },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task An_uploaded_process_calls_the_hosts_budget_function_and_its_history_shows_the_answer()
    {
        using var factory = new ApiFactory("Development", new Dictionary<string, string?> { ["Budgets:Left:EU"] = "30000", ["Budgets:Left:APAC"] = "1000" });
        var admin = await factory.SignInAsync("admin");
        using (var upload = await admin.PostAsync("/api/processes", new StringContent(ExampleText(), System.Text.Encoding.UTF8, "application/yaml")))
        {
            upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        }

        var ana = await factory.SignInAsync("ana");
        var funded = await StartAsync(ana, "EU", 25_000);
        var unfunded = await StartAsync(ana, "APAC", 25_000);

        using (var submitted = await ana.PostAsync($"/api/instances/{funded}/triggers/Submit", null))
        {
            submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        }

        using (var refused = await ana.PostAsync($"/api/instances/{unfunded}/triggers/Submit", null))
        {
            (await Campaigns.ProblemAsync(refused, HttpStatusCode.Conflict, "not-permitted")).GetProperty("reasons")[0].GetString()
                .Should().Contain("the region has budget left for the campaign");
        }

        var history = await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{funded}/history");
        var call = history.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Transition").GetProperty("arguments").GetProperty("$guardCalls")[0];
        call.GetProperty("function").GetString().Should().Be("budgetLeft");
        call.GetProperty("arguments")[0].GetString().Should().Be("EU");
        call.GetProperty("result").GetProperty("amount").GetDecimal().Should().Be(30_000);
    }
}
