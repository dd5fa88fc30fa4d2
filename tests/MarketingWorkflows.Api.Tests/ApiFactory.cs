using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MarketingWorkflows.Api.Tests;

/// <summary>The host on a SQLite file of its own, in Development (demo sign-in on) unless told otherwise.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-api-").FullName;
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public ApiFactory()
        : this("Development")
    {
    }

    internal ApiFactory(string environment, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Environment = environment;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string Environment { get; }

    /// <summary>Gets the connection string of the host's SQLite file, to change it as someone with access to the file could.</summary>
    public string DatabaseConnectionString => $"Data Source={Path.Combine(_folder, "api.db")};Pooling=False";

    /// <summary>A client signed in as a demo user.</summary>
    public async Task<HttpClient> SignInAsync(string userId)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/demo/token", new { userId });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Storage:Sqlite", $"Data Source={Path.Combine(_folder, "api.db")}");
        builder.UseSetting("Api:ProcessesFolder", Path.Combine(_folder, "processes"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open is left to the system's temp cleaning.
            }
        }
    }
}
