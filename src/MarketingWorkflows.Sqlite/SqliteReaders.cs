using System;
using System.Collections.Concurrent;
using MarketingWorkflows.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// Open read connections with their hot statements prepared once: reading an instance or an
/// idempotency key on every command then costs a lookup, not a connection open and a parse.
/// </summary>
internal sealed class SqliteReaders(string connectionString) : IDisposable
{
    private const int Kept = 16;
    private readonly ConcurrentBag<Reader> _idle = [];

    public Reader Rent()
    {
        if (_idle.TryTake(out var reader))
        {
            return reader;
        }

        var connection = new SqliteConnection(connectionString);
        connection.Open();
        SqliteSchema.Tune(connection);
        return new Reader(connection);
    }

    public void Return(Reader reader)
    {
        if (_idle.Count < Kept)
        {
            _idle.Add(reader);
        }
        else
        {
            reader.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>One connection and its prepared statements; used by one caller at a time.</summary>
    internal sealed class Reader : IDisposable
    {
        public Reader(SqliteConnection connection)
        {
            Connection = connection;
            Instance = Prepare("SELECT version, CASE WHEN version = $known THEN NULL ELSE body END FROM mwf_instances WHERE id = $id;", "$id", "$known");
            Command = Prepare("SELECT fingerprint, created_at, instance_id, instance_version FROM mwf_commands WHERE caller = $caller AND key = $key;", "$caller", "$key");
            LastHistory = Prepare($"SELECT {StoreRows.HistoryColumns} FROM mwf_history WHERE instance_id = $id ORDER BY sequence DESC LIMIT 1;", "$id");
        }

        public SqliteConnection Connection { get; }

        public SqliteCommand Instance { get; }

        public SqliteCommand Command { get; }

        /// <summary>Gets the statement that reads an instance's last history entry, by the history's primary key.</summary>
        public SqliteCommand LastHistory { get; }

        public void Dispose()
        {
            Instance.Dispose();
            Command.Dispose();
            LastHistory.Dispose();
            Connection.Dispose();
        }

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
            }

            command.Prepare();
            return command;
        }
    }
}
