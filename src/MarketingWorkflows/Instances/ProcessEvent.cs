using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace MarketingWorkflows.Instances;

/// <summary>
/// Something that happened to an instance, for handlers and webhooks; saved to the outbox in the
/// same transaction as the change. Its fields map onto a CloudEvents envelope: id, type, source
/// (the process), subject (the instance), time, data.
/// </summary>
public sealed record ProcessEvent
{
    private readonly byte[] _utf8;
    private readonly JsonElement? _given;
    private JsonDocument? _parsed;

    /// <summary>Initializes an event.</summary>
    /// <param name="id">The event's id.</param>
    /// <param name="type">The type, <c>marketingworkflows.{process}.{what}</c>, such as <c>marketingworkflows.content-review.approved</c>: <c>what</c> is the state entered in kebab case, or one of <see cref="ProcessEventTypes"/>.</param>
    /// <param name="processId">The process.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="instanceVersion">The instance version the event produced.</param>
    /// <param name="time">When.</param>
    /// <param name="data">The event's details.</param>
    public ProcessEvent(Guid id, string type, string processId, Guid instanceId, long instanceVersion, DateTimeOffset time, JsonElement data)
        : this(id, type, processId, instanceId, instanceVersion, time, JsonSerializer.SerializeToUtf8Bytes(data, EventJsonContext.Default.JsonElement))
    {
        _given = data.Clone();
    }

    /// <summary>
    /// Initializes an event over its data as UTF-8 JSON, as a store reads it back from its outbox:
    /// the JSON is parsed only when <see cref="Data"/> is read, and handed on as it is otherwise.
    /// The event keeps <paramref name="dataUtf8"/> rather than copying it, so the caller must not
    /// change the array afterwards.
    /// </summary>
    /// <param name="id">The event's id.</param>
    /// <param name="type">The type, as <see cref="Type"/>.</param>
    /// <param name="processId">The process.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="instanceVersion">The instance version the event produced.</param>
    /// <param name="time">When.</param>
    /// <param name="dataUtf8">The event's details as UTF-8 JSON, as <see cref="DataUtf8"/> gave them.</param>
    public ProcessEvent(Guid id, string type, string processId, Guid instanceId, long instanceVersion, DateTimeOffset time, byte[] dataUtf8)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(processId);
        ArgumentNullException.ThrowIfNull(dataUtf8);
        Id = id;
        Type = type;
        ProcessId = processId;
        InstanceId = instanceId;
        InstanceVersion = instanceVersion;
        Time = time;
        _utf8 = dataUtf8;
    }

    /// <summary>Gets the event's id.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the type, <c>marketingworkflows.{process}.{what}</c>, such as <c>marketingworkflows.content-review.approved</c>: <c>what</c> is the state entered in kebab case, or one of <see cref="ProcessEventTypes"/>.</summary>
    public string Type { get; init; }

    /// <summary>Gets the process.</summary>
    public string ProcessId { get; init; }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; init; }

    /// <summary>Gets the instance version the event produced.</summary>
    public long InstanceVersion { get; init; }

    /// <summary>Gets when it happened.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Gets the event's details: actor, trigger, from and to states, decision, item.</summary>
    public JsonElement Data => _given ?? (Volatile.Read(ref _parsed) ?? Parse()).RootElement;

    /// <summary>Gets the event's details as UTF-8 JSON, as an outbox stores them.</summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> DataUtf8 => _utf8;

    /// <summary>Gets whether two events are the same: same id, type, instance, version, time and data.</summary>
    /// <param name="other">The other event.</param>
    /// <returns><see langword="true"/> when they are the same.</returns>
    public bool Equals(ProcessEvent? other)
        => other is not null
            && Id == other.Id
            && Type == other.Type
            && ProcessId == other.ProcessId
            && InstanceId == other.InstanceId
            && InstanceVersion == other.InstanceVersion
            && Time == other.Time
            && _utf8.AsSpan().SequenceEqual(other._utf8);

    /// <summary>Gets a hash code consistent with <see cref="Equals(ProcessEvent?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Id, Type, InstanceId, InstanceVersion);

    /// <summary>Builds an event type: <c>marketingworkflows.{processId}.{what}</c>.</summary>
    /// <param name="processId">The process.</param>
    /// <param name="what">The state entered (turned into kebab case) or one of <see cref="ProcessEventTypes"/>.</param>
    /// <returns>The type.</returns>
    public static string TypeOf(string processId, string what)
    {
        ArgumentNullException.ThrowIfNull(processId);
        ArgumentNullException.ThrowIfNull(what);
        var builder = new System.Text.StringBuilder("marketingworkflows.", 32 + processId.Length + what.Length);
        builder.Append(processId).Append('.');
        for (var i = 0; i < what.Length; i++)
        {
            var c = what[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && what[i - 1] != '-')
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private JsonDocument Parse()
    {
        var document = JsonDocument.Parse(_utf8);
        return Interlocked.CompareExchange(ref _parsed, document, null) ?? document;
    }
}
