using System.Net.Http.Headers;
using MarketingWorkflows.Api.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Api.Tests;

/// <summary>The host with a resolver the test controls, so that names resolve where a test says without DNS.</summary>
internal sealed class WebhookTestHost : IAsyncDisposable
{
    private readonly ApiFactory _factory;

    public WebhookTestHost(IReadOnlyDictionary<string, string?> settings, WebhookResolver resolver)
    {
        _factory = new ApiFactory("Development", settings);
        Host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(resolver)));
    }

    public WebApplicationFactory<Program> Host { get; }

    public string DatabaseConnectionString => _factory.DatabaseConnectionString;

    public async Task<HttpClient> SignInAsync(string userId)
    {
        var client = Host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/demo/token", new { userId });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
