// The tests import some of these namespaces globally; the benchmarks do not.
#pragma warning disable IDE0005
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MarketingWorkflows.PostgreSql;
using Npgsql;
#pragma warning restore IDE0005

namespace MarketingWorkflows.Testing;

/// <summary>
/// A throwaway PostgreSQL server for the tests and the benchmarks: initdb into a temporary folder, pg_ctl on a free
/// loopback port, fsync on; stopped and removed afterwards. <c>MWF_POSTGRES_CONNECTION</c>
/// points the tests at an existing server instead. Without either, the tests fail saying they
/// did not run — never a silent pass.
/// </summary>
public sealed partial class PostgresServer
{
    /// <summary>The environment variable that names an existing server to use instead.</summary>
    public const string ConnectionVariable = "MWF_POSTGRES_CONNECTION";

    private string? _folder;
    private string? _binaries;

    /// <summary>Gets the connection string of a database the tests may create schemas in.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Gets whether the tests started this server (and so may stop and restart it).</summary>
    public bool Owned => _folder is not null;

    /// <summary>Starts the server, or takes the one <see cref="ConnectionVariable"/> names.</summary>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }

        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            $"The PostgreSQL tests did not run: no PostgreSQL server binaries (initdb, pg_ctl) were found under /usr/lib/postgresql/*/bin or on PATH. Install them (Debian: apt-get install postgresql) or set {ConnectionVariable} to a server's connection string.");
        _folder = Path.Combine(Path.GetTempPath(), "mwf-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        if (Environment.UserName == "root")
        {
            // PostgreSQL refuses to run as root: the folder goes to its own system user.
            await RunAsync("chown", ["postgres:postgres", _folder]);
        }

        var data = Path.Combine(_folder, "data");
        await RunServerToolAsync("initdb", ["-D", data, "-U", "mwf", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
        Port = FreePort();
        await StartAsync();
        ConnectionString = $"Host=127.0.0.1;Port={Port};Username=mwf;Database=postgres;Pooling=true;Maximum Pool Size=20;Timeout=15;Command Timeout=60";
    }

    /// <summary>Gets the port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Starts the server (again).</summary>
    public Task StartAsync() => RunServerToolAsync("pg_ctl", [
        "-D", Path.Combine(_folder!, "data"), "-l", Path.Combine(_folder!, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300 -c shared_buffers=64MB",
        "start"]);

    /// <summary>Stops the server at once, as a crash or a restart would (in-flight transactions are lost, committed ones are not).</summary>
    public Task StopAsync() => RunServerToolAsync("pg_ctl", ["-D", Path.Combine(_folder!, "data"), "-m", "immediate", "-w", "stop"]);

    /// <summary>Creates a store on a schema of its own, so tests never see each other's rows.</summary>
    public PostgreSqlProcessStore OpenStore(string? schema = null, TimeProvider? time = null, Action<PostgreSqlStoreOptions>? configure = null)
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = ConnectionString, Schema = schema ?? NewSchema() };
        configure?.Invoke(options);
        return new(options, time);
    }

    /// <summary>Gets a schema name not used before.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Runs SQL straight on the database, as an administrator could.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Stops the server if this started it, and removes its folder.</summary>
    /// <returns>A task that completes when the server is gone.</returns>
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is null)
        {
            return;
        }

        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static string? FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunServerToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_binaries!, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await error}{await output}");
        }
    }
}
