using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Subscriptions, their delivery queues and the delivery log, in three tables beside the
/// instances: the same SQLite file or PostgreSQL database the host's store uses. Plain SQL that
/// both understand.
/// </summary>
internal sealed partial class WebhookStore(DbProviderFactory factory, string connectionString, TimeProvider time, long? sqliteMaxPageCount = null)
{
    // Every event asks which subscriptions want it; the list is read again at most this often,
    // and at once after a change made here (another host's changes show within the interval).
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private volatile CachedList? _cache;

    private const string SubscriptionColumns = "id, url, event_types, processes, secret, enabled, consecutive_failures, disabled_reason, created_by, created_at";
    private const string DeliveryColumns = "id, subscription_id, event_id, event_type, payload, attempts, status_code, succeeded, error, at";
    private readonly SemaphoreSlim _created = new(1, 1);
    private volatile bool _ready;

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadAsync(connection, $"SELECT {SubscriptionColumns} FROM mwf_webhook_subscriptions ORDER BY created_at, id", [], Subscription, cancellationToken);
    }

    /// <summary>Lists the subscriptions, from a copy at most two seconds old.</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> ListCachedAsync(CancellationToken cancellationToken)
    {
        if (_cache is { } cache && cache.Until > time.GetUtcNow())
        {
            return cache.Subscriptions;
        }

        var subscriptions = await ListAsync(cancellationToken);
        _cache = new CachedList(subscriptions, time.GetUtcNow() + CacheFor);
        return subscriptions;
    }

    public async Task<WebhookSubscription?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await ReadAsync(connection, $"SELECT {SubscriptionColumns} FROM mwf_webhook_subscriptions WHERE id = @id", [("id", Text(id))], Subscription, cancellationToken)).SingleOrDefault();
    }

    public async Task AddAsync(WebhookSubscription s, CancellationToken cancellationToken)
    {
        _cache = null;
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            $"INSERT INTO mwf_webhook_subscriptions ({SubscriptionColumns}) VALUES (@id, @url, @types, @processes, @secret, 1, 0, NULL, @by, @at)",
            [("id", Text(s.Id)), ("url", s.Url), ("types", JsonSerializer.Serialize(s.EventTypes)), ("processes", JsonSerializer.Serialize(s.Processes)), ("secret", s.Secret), ("by", s.CreatedBy), ("at", Text(s.CreatedAt))],
            cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        _cache = null;
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "DELETE FROM mwf_webhook_queue WHERE subscription_id = @id", [("id", Text(id))], cancellationToken);
        await ExecuteAsync(connection, "DELETE FROM mwf_webhook_deliveries WHERE subscription_id = @id", [("id", Text(id))], cancellationToken);
        return await ExecuteAsync(connection, "DELETE FROM mwf_webhook_subscriptions WHERE id = @id", [("id", Text(id))], cancellationToken) > 0;
    }

    public async Task<bool> EnableAsync(Guid id, CancellationToken cancellationToken)
    {
        _cache = null;
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, "UPDATE mwf_webhook_subscriptions SET enabled = 1, consecutive_failures = 0, disabled_reason = NULL WHERE id = @id", [("id", Text(id))], cancellationToken) > 0;
    }

    /// <summary>Counts a delivery's outcome: a success resets the failures; the failure that reaches the limit disables the subscription.</summary>
    public async Task RecordOutcomeAsync(Guid id, bool succeeded, int disableAfter, string? error, CancellationToken cancellationToken)
    {
        _cache = null;
        await using var connection = await OpenAsync(cancellationToken);
        if (succeeded)
        {
            await ExecuteAsync(connection, "UPDATE mwf_webhook_subscriptions SET consecutive_failures = 0 WHERE id = @id", [("id", Text(id))], cancellationToken);
            return;
        }

        await ExecuteAsync(
            connection,
            """
            UPDATE mwf_webhook_subscriptions SET consecutive_failures = consecutive_failures + 1,
                enabled = CASE WHEN consecutive_failures + 1 >= @limit THEN 0 ELSE enabled END,
                disabled_reason = CASE WHEN consecutive_failures + 1 >= @limit THEN @reason ELSE disabled_reason END
            WHERE id = @id
            """,
            [("id", Text(id)), ("limit", disableAfter), ("reason", $"{disableAfter} deliveries in a row failed; the last: {error}")],
            cancellationToken);
    }

    public async Task AddDeliveryAsync(WebhookDelivery d, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            $"INSERT INTO mwf_webhook_deliveries ({DeliveryColumns}) VALUES (@id, @subscription, @event, @type, @payload, @attempts, @status, @succeeded, @error, @at)",
            [("id", Text(d.Id)), ("subscription", Text(d.SubscriptionId)), ("event", Text(d.EventId)), ("type", d.EventType), ("payload", d.Payload), ("attempts", d.Attempts), ("status", d.StatusCode), ("succeeded", d.Succeeded ? 1 : 0), ("error", d.Error), ("at", Text(d.At))],
            cancellationToken);
    }

    public async Task<bool> WasDeliveredAsync(Guid subscriptionId, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await ReadAsync(connection, "SELECT 1 FROM mwf_webhook_deliveries WHERE subscription_id = @s AND event_id = @e AND succeeded = 1", [("s", Text(subscriptionId)), ("e", Text(eventId))], r => r.GetInt32(0), cancellationToken)).Count > 0;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(Guid subscriptionId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadAsync(connection, $"SELECT {DeliveryColumns} FROM mwf_webhook_deliveries WHERE subscription_id = @s ORDER BY at DESC, id DESC LIMIT {take.ToString(CultureInfo.InvariantCulture)}", [("s", Text(subscriptionId))], Delivery, cancellationToken);
    }

    public async Task<WebhookDelivery?> DeliveryAsync(Guid subscriptionId, Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await ReadAsync(connection, $"SELECT {DeliveryColumns} FROM mwf_webhook_deliveries WHERE subscription_id = @s AND id = @d", [("s", Text(subscriptionId)), ("d", Text(deliveryId))], Delivery, cancellationToken)).SingleOrDefault();
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = factory.CreateConnection() ?? throw new InvalidOperationException("The database provider makes no connections.");
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken);
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            // The file is shared with the workflow store's writer: wait for its lock inside SQLite
            // (short retries), not by Microsoft.Data.Sqlite's own retry every 150 ms, which would
            // hold up a delivery's log entry that long each time it met a commit.
            await ExecuteAsync(connection, "PRAGMA busy_timeout = 30000", [], cancellationToken);
            if (sqliteMaxPageCount is { } cap)
            {
                // The file's size cap holds for every connection that writes to it, this one too.
                await ExecuteAsync(connection, FormattableString.Invariant($"PRAGMA max_page_count = {cap}"), [], cancellationToken);
            }
        }

        if (!_ready)
        {
            await _created.WaitAsync(cancellationToken);
            try
            {
                if (!_ready)
                {
                    await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS mwf_webhook_subscriptions (id TEXT PRIMARY KEY, url TEXT NOT NULL, event_types TEXT NOT NULL, processes TEXT NOT NULL, secret TEXT NOT NULL, enabled INTEGER NOT NULL, consecutive_failures INTEGER NOT NULL, disabled_reason TEXT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL)", [], cancellationToken);
                    await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS mwf_webhook_deliveries (id TEXT PRIMARY KEY, subscription_id TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL, payload TEXT NOT NULL, attempts INTEGER NOT NULL, status_code INTEGER NULL, succeeded INTEGER NOT NULL, error TEXT NULL, at TEXT NOT NULL)", [], cancellationToken);
                    await ExecuteAsync(connection, "CREATE INDEX IF NOT EXISTS mwf_webhook_deliveries_by_subscription ON mwf_webhook_deliveries (subscription_id, at)", [], cancellationToken);
                    await ExecuteAsync(connection, QueueTable, [], cancellationToken);
                    await ExecuteAsync(connection, QueueIndex, [], cancellationToken);
                    _ready = true;
                }
            }
            finally
            {
                _created.Release();
            }
        }

        return connection;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, (string Name, object? Value)[] parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static string Text(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static WebhookSubscription Subscription(DbDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        r.GetString(1),
        JsonSerializer.Deserialize<string[]>(r.GetString(2)) ?? [],
        JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [],
        r.GetString(4),
        Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture) != 0,
        Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.GetString(8),
        Time(r.GetString(9)));

    private static WebhookDelivery Delivery(DbDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        Guid.Parse(r.GetString(1)),
        Guid.Parse(r.GetString(2)),
        r.GetString(3),
        r.GetString(4),
        Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture),
        r.IsDBNull(6) ? null : Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture),
        Convert.ToInt32(r.GetValue(7), CultureInfo.InvariantCulture) != 0,
        r.IsDBNull(8) ? null : r.GetString(8),
        Time(r.GetString(9)));

    private sealed record CachedList(IReadOnlyList<WebhookSubscription> Subscriptions, DateTimeOffset Until);
}
