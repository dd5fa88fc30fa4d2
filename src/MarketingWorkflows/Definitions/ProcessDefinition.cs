using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// A process — its data, states, triggers, transitions, approval stages, deadlines and
/// checklist — as data. Built in C# with <see cref="Create(string)"/> or loaded from a YAML or
/// JSON file; validated when built; compiled once into a frozen state machine.
/// Immutable and safe to share.
/// </summary>
public sealed class ProcessDefinition
{
    private readonly Dictionary<string, StateDefinition> _statesByName;
    private readonly Dictionary<string, TriggerDefinition> _triggersByName;
    private readonly Lazy<CompiledProcess> _compiled;
    private readonly Lazy<string> _json;
    private readonly Lazy<string> _contentHash;

    internal ProcessDefinition(
        string id,
        int version,
        string? title,
        string? description,
        IReadOnlyList<FieldDefinition> data,
        IReadOnlyList<TriggerDefinition> triggers,
        IReadOnlyList<StateDefinition> states,
        IReadOnlyList<ChecklistItemDefinition> checklist,
        WorkingCalendar calendar)
    {
        Id = id;
        Version = version;
        Title = title;
        Description = description;
        Data = data;
        Triggers = triggers;
        States = states;
        Checklist = checklist;
        Calendar = calendar;
        _statesByName = states.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _json = new Lazy<string>(() => Files.DefinitionWriter.ToJson(this));
        _contentHash = new Lazy<string>(() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Files.DefinitionWriter.ToJson(this, indented: false)))));
        _compiled = new Lazy<CompiledProcess>(() => CompiledProcess.Compile(this), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        _triggersByName = triggers.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>Gets the process's id, such as <c>campaign-approval</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the version, 1 or more. An instance keeps the version it started on.</summary>
    public int Version { get; }

    /// <summary>Gets a human title, or <see langword="null"/>.</summary>
    public string? Title { get; }

    /// <summary>Gets a description, or <see langword="null"/>.</summary>
    public string? Description { get; }

    /// <summary>Gets the schema of an instance's data: its top-level fields.</summary>
    public IReadOnlyList<FieldDefinition> Data { get; }

    /// <summary>Gets the triggers, in the order they were defined.</summary>
    public IReadOnlyList<TriggerDefinition> Triggers { get; }

    /// <summary>Gets the states, in the order they were defined.</summary>
    public IReadOnlyList<StateDefinition> States { get; }

    /// <summary>Gets the checklist items.</summary>
    public IReadOnlyList<ChecklistItemDefinition> Checklist { get; }

    /// <summary>Gets the working calendar that business-day deadlines count on.</summary>
    public WorkingCalendar Calendar { get; }

    /// <summary>
    /// Gets the data field (a string) holding the user id of the instance's owner, or
    /// <see langword="null"/> when the process declares none. The owner may change the instance's
    /// data, and is who a state without an approval stage or trigger roles waits on.
    /// </summary>
    public string? Owner { get; internal init; }

    /// <summary>Gets what the analytics measure on the instances, or <see langword="null"/> when the process declares nothing (it then has no budget figures).</summary>
    public MeasuresDefinition? Measures { get; internal init; }

    /// <summary>Gets the guard functions the definition was checked against; its guards call these.</summary>
    internal Expressions.GuardFunctionCatalog GuardFunctions { get; init; } = Expressions.GuardFunctionCatalog.Empty;

    /// <summary>Gets the state a new instance starts in: the state marked initial.</summary>
    public string InitialState => States.FirstOrDefault(s => s.Initial)?.Name ?? string.Empty;

    /// <summary>Starts building a definition in C#.</summary>
    /// <param name="id">The process's id: lower-case letters, digits and '-', such as <c>campaign-approval</c>.</param>
    /// <returns>The builder.</returns>
    public static ProcessDefinitionBuilder Create(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new ProcessDefinitionBuilder(id);
    }

    /// <summary>Finds a state by name.</summary>
    /// <param name="name">The state's name.</param>
    /// <returns>The state, or <see langword="null"/>.</returns>
    public StateDefinition? FindState(string name) => _statesByName.GetValueOrDefault(name);

    /// <summary>Finds a trigger by name.</summary>
    /// <param name="name">The trigger's name.</param>
    /// <returns>The trigger, or <see langword="null"/>.</returns>
    public TriggerDefinition? FindTrigger(string name) => _triggersByName.GetValueOrDefault(name);

    /// <summary>
    /// Gets the SHA-256 of the definition's canonical JSON, in lower-case hex: two definitions have
    /// the same hash exactly when they say the same thing, whatever syntax or builder produced them.
    /// </summary>
    public string ContentHash => _contentHash.Value;

    /// <summary>Writes the definition in the file format as JSON (keys in a fixed order, defaults left out); loading it gives an equal definition.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => _json.Value;

    /// <summary>Compiles the definition onto the state-machine kernel, once; later calls return the same result.</summary>
    /// <returns>The compiled process.</returns>
    public CompiledProcess Compile() => _compiled.Value;

    /// <summary>Checks instance data against the data schema.</summary>
    /// <param name="data">The data, a JSON object.</param>
    /// <returns>Every problem found; empty when the data is valid.</returns>
    public IReadOnlyList<DataError> ValidateData(JsonElement data)
    {
        var errors = new List<DataError>();
        Internal.DataValidator.ValidateObject(data, Data, string.Empty, errors);
        return errors;
    }

    /// <summary>Checks a trigger's arguments against the trigger's argument schema.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="arguments">The arguments, a JSON object (or <c>default</c> for none).</param>
    /// <returns>Every problem found; empty when the arguments are valid.</returns>
    /// <exception cref="ArgumentException">The definition has no such trigger.</exception>
    public IReadOnlyList<DataError> ValidateArguments(string trigger, JsonElement arguments)
    {
        var definition = FindTrigger(trigger) ?? throw new ArgumentException($"The process '{this}' has no trigger '{trigger}'.", nameof(trigger));
        var errors = new List<DataError>();
        var value = arguments.ValueKind == JsonValueKind.Undefined ? EmptyObject : arguments;
        Internal.DataValidator.ValidateObject(value, definition.Arguments, "args", errors);
        return errors;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    /// <summary>Returns <c>id v{version}</c>.</summary>
    /// <returns>The id and version.</returns>
    public override string ToString() => $"{Id} v{Version}";
}
