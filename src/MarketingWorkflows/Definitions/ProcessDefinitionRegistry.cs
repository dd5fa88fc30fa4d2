using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// An in-memory <see cref="IProcessDefinitionRegistry"/> that also registers definitions from
/// files, folders and embedded resources. Each call changes all or nothing: when any file has a
/// problem, nothing from that call is registered and every problem is reported. Reads never
/// block; registrations are serialized.
/// </summary>
public sealed class ProcessDefinitionRegistry : IProcessDefinitionRegistry
{
    private readonly object _gate = new();
    private readonly ProcessDefinitionLoader _loader;
    private ImmutableDictionary<string, ImmutableSortedDictionary<int, ProcessDefinition>> _definitions =
        ImmutableDictionary.Create<string, ImmutableSortedDictionary<int, ProcessDefinition>>(StringComparer.Ordinal);

    /// <summary>Initializes an empty registry.</summary>
    /// <param name="loader">Reads definition files; default: JSON only (<see cref="ProcessDefinitionLoader.Json"/>).</param>
    public ProcessDefinitionRegistry(ProcessDefinitionLoader? loader = null)
    {
        _loader = loader ?? ProcessDefinitionLoader.Json;
    }

    /// <inheritdoc />
    public void Register(ProcessDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        RegisterAll([(definition, null)]);
    }

    /// <summary>Loads and registers one definition file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The registered definition.</returns>
    /// <exception cref="ProcessDefinitionException">The file has problems, or conflicts with a registered definition.</exception>
    public ProcessDefinition RegisterFile(string path)
    {
        var definition = _loader.LoadFile(path).GetDefinitionOrThrow();
        RegisterAll([(definition, path)]);
        return definition;
    }

    /// <summary>
    /// Loads and registers every definition file in a folder: the files named <c>NAME.EXT</c> or
    /// <c>NAME.vVERSION.EXT</c> with an extension the loader reads (see
    /// <see cref="ProcessDefinitionLoader.IsDefinitionFile"/>); companion files such as
    /// <c>NAME.data.json</c> are skipped.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="recursive">Whether to include subfolders.</param>
    /// <returns>The registered definitions.</returns>
    /// <exception cref="ProcessDefinitionException">Any file has problems or conflicts; nothing is registered.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public IReadOnlyList<ProcessDefinition> RegisterFolder(string folder, bool recursive = false)
    {
        var files = _loader.FindDefinitionFiles(folder, recursive);
        return RegisterLoaded(files.Select(_loader.LoadFile).ToList());
    }

    /// <summary>Loads and registers definitions embedded as resources in an assembly.</summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="resourcePrefix">Only resources whose names start with this, or <see langword="null"/> for all with a definition extension.</param>
    /// <returns>The registered definitions.</returns>
    /// <exception cref="ProcessDefinitionException">Any resource has problems or conflicts; nothing is registered.</exception>
    public IReadOnlyList<ProcessDefinition> RegisterEmbedded(Assembly assembly, string? resourcePrefix = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var extensions = _loader.FileExtensions.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var results = new List<DefinitionLoadResult>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if ((resourcePrefix is not null && !name.StartsWith(resourcePrefix, StringComparison.Ordinal)) || !extensions.Contains(Path.GetExtension(name)))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            results.Add(_loader.Load(reader.ReadToEnd(), name));
        }

        return RegisterLoaded(results);
    }

    /// <inheritdoc />
    public bool TryGet(string id, int? version, [NotNullWhen(true)] out ProcessDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(id);
        definition = null;
        if (!_definitions.TryGetValue(id, out var versions) || versions.IsEmpty)
        {
            return false;
        }

        if (version is null)
        {
            definition = versions.Values.Last();
            return true;
        }

        return versions.TryGetValue(version.Value, out definition);
    }

    /// <inheritdoc />
    public ProcessDefinition GetLatest(string id)
        => TryGet(id, null, out var definition) ? definition : throw NotFound(id, null);

    /// <inheritdoc />
    public ProcessDefinition Get(string id, int version)
        => TryGet(id, version, out var definition) ? definition : throw NotFound(id, version);

    /// <inheritdoc />
    public IReadOnlyList<ProcessDefinition> GetAll()
        => _definitions.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Values).ToArray();

    private KeyNotFoundException NotFound(string id, int? version)
    {
        var known = _definitions.TryGetValue(id, out var versions) && !versions.IsEmpty
            ? $" The registered versions of '{id}' are {string.Join(", ", versions.Keys)}."
            : $" The registered processes are {(_definitions.IsEmpty ? "none" : string.Join(", ", _definitions.Keys.Order(StringComparer.Ordinal)))}.";
        return new KeyNotFoundException((version is null ? $"No version of the process '{id}' is registered." : $"Version {version} of the process '{id}' is not registered.") + known);
    }

    private IReadOnlyList<ProcessDefinition> RegisterLoaded(IReadOnlyList<DefinitionLoadResult> results)
    {
        var errors = results.SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0)
        {
            throw new ProcessDefinitionException(errors);
        }

        var definitions = results.Select(r => (r.Definition!, (string?)r.File)).ToList();
        RegisterAll(definitions);
        return definitions.Select(d => d.Item1).ToArray();
    }

    private void RegisterAll(IReadOnlyList<(ProcessDefinition Definition, string? File)> batch)
    {
        lock (_gate)
        {
            var next = _definitions;
            var errors = new List<DefinitionError>();
            foreach (var (definition, file) in batch)
            {
                var versions = next.GetValueOrDefault(definition.Id) ?? ImmutableSortedDictionary<int, ProcessDefinition>.Empty;
                if (versions.TryGetValue(definition.Version, out var existing))
                {
                    if (existing.ContentHash != definition.ContentHash)
                    {
                        errors.Add(new DefinitionError(
                            DefinitionErrorCodes.VersionConflict,
                            $"Version {definition.Version} of '{definition.Id}' is already registered with different content. A published version never changes: give the new content version {versions.Keys.Max() + 1}.",
                            "version",
                            file));
                    }

                    continue;
                }

                next = next.SetItem(definition.Id, versions.Add(definition.Version, definition));
            }

            if (errors.Count > 0)
            {
                throw new ProcessDefinitionException(errors);
            }

            _definitions = next;
        }
    }
}
