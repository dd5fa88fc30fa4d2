using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MarketingWorkflows.Definitions.Files;
using MarketingWorkflows.Definitions.Internal;
using MarketingWorkflows.Expressions.Internal;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// Loads process definitions from files. Loading never throws for a bad file: it returns every
/// problem with its file, line, column and path. Immutable and safe to share.
/// </summary>
public sealed class ProcessDefinitionLoader
{
    /// <summary>The largest file the loader reads: 1 MiB.</summary>
    public const int MaxFileSize = 1024 * 1024;

    /// <summary>Initializes a loader that reads JSON and the given syntaxes.</summary>
    /// <param name="syntaxes">More syntaxes, such as YAML from the MarketingWorkflows.Yaml package.</param>
    public ProcessDefinitionLoader(params DefinitionSyntax[] syntaxes)
    {
        ArgumentNullException.ThrowIfNull(syntaxes);
        Syntaxes = [DefinitionSyntax.Json, .. syntaxes.Where(s => s != DefinitionSyntax.Json).Distinct()];
    }

    private ProcessDefinitionLoader(IReadOnlyList<DefinitionSyntax> syntaxes, Expressions.GuardFunctionCatalog functions)
    {
        Syntaxes = syntaxes;
        GuardFunctions = functions;
    }

    /// <summary>Gets the guard functions the definitions this loader reads may call (none by default).</summary>
    public Expressions.GuardFunctionCatalog GuardFunctions { get; } = Expressions.GuardFunctionCatalog.Empty;

    /// <summary>Returns a loader that reads the same syntaxes and lets transition guards call <paramref name="functions"/>, type-checking each call.</summary>
    /// <param name="functions">The guard functions.</param>
    /// <returns>The new loader.</returns>
    public ProcessDefinitionLoader WithGuardFunctions(Expressions.GuardFunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        return ReferenceEquals(functions, GuardFunctions) ? this : new ProcessDefinitionLoader(Syntaxes, functions);
    }

    /// <summary>Gets a loader that reads JSON files.</summary>
    public static ProcessDefinitionLoader Json { get; } = new();

    /// <summary>Gets the syntaxes this loader reads.</summary>
    public IReadOnlyList<DefinitionSyntax> Syntaxes { get; }

    /// <summary>Gets the file extensions this loader reads, such as <c>.json</c>.</summary>
    public IEnumerable<string> FileExtensions => Syntaxes.SelectMany(s => s.FileExtensions);

    /// <summary>
    /// Gets whether a file of a folder is a definition file, by its name alone: <c>NAME.EXT</c> or
    /// <c>NAME.vVERSION.EXT</c> (such as <c>campaign-approval.v2.yaml</c>), where EXT is one of
    /// <see cref="FileExtensions"/>. A name with another second extension marks a companion file
    /// (<c>campaign-approval.data.json</c>, <c>campaign-approval.steps.txt</c>,
    /// <c>process-definition.schema.json</c>), which is not a definition.
    /// </summary>
    /// <param name="path">The file's path or name.</param>
    /// <returns>Whether folders load the file as a definition.</returns>
    public bool IsDefinitionFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return DefinitionFileNames.IsDefinitionFile(path, FileExtensions);
    }

    /// <summary>Finds the definition files of a folder (see <see cref="IsDefinitionFile"/>), in ordinal order of their paths.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="recursive">Whether to search the folders below it too.</param>
    /// <returns>The paths of the definition files.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public IReadOnlyList<string> FindDefinitionFiles(string folder, bool recursive = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
        }

        return DefinitionFileNames.Find(folder, FileExtensions, recursive);
    }

    /// <summary>Loads a definition from a file, choosing the syntax by its extension.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The definition, or its problems.</returns>
    public DefinitionLoadResult LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Failed(path, $"The file '{path}' does not exist.");
            }

            if (info.Length > MaxFileSize)
            {
                return Failed(path, $"The file is {info.Length:N0} bytes; definition files are at most {MaxFileSize:N0} bytes.");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(path, $"The file '{path}' cannot be read: {ex.Message}");
        }

        return Load(text, path);
    }

    /// <summary>Loads a definition from text, choosing the syntax by the extension of <paramref name="fileName"/>.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="fileName">The name errors are reported against, such as <c>campaign.yaml</c>.</param>
    /// <returns>The definition, or its problems.</returns>
    public DefinitionLoadResult Load(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var extension = Path.GetExtension(fileName);
        var syntax = Syntaxes.FirstOrDefault(s => s.FileExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase));
        if (syntax is null)
        {
            var hint = extension is ".yaml" or ".yml" ? " Reading YAML needs the MarketingWorkflows.Yaml package." : string.Empty;
            return Failed(fileName, $"'{fileName}' has the extension '{extension}', which this loader does not read; it reads {string.Join(", ", FileExtensions)}.{hint}");
        }

        return Load(text, fileName, syntax);
    }

    /// <summary>Loads a definition from text in the given syntax.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="fileName">The name errors are reported against.</param>
    /// <param name="syntax">The syntax.</param>
    /// <returns>The definition, or its problems.</returns>
    public DefinitionLoadResult Load(string text, string fileName, DefinitionSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(syntax);
        if (text.Length > MaxFileSize)
        {
            return Failed(fileName, $"The text is {text.Length:N0} characters; definition files are at most {MaxFileSize:N0}.");
        }

        var errors = new List<DefinitionError>();
        var root = syntax.Parse(text, (line, column, message) => errors.Add(new DefinitionError(DefinitionErrorCodes.Syntax, message, string.Empty, fileName, line, column)));
        if (root is null)
        {
            if (errors.Count == 0)
            {
                errors.Add(new DefinitionError(DefinitionErrorCodes.Syntax, "The file holds no definition.", string.Empty, fileName, 1, 1));
            }

            return new DefinitionLoadResult(fileName, null, errors);
        }

        if (NotADefinition(root, fileName) is { } notADefinition)
        {
            return new DefinitionLoadResult(fileName, null, [notADefinition]);
        }

        var reader = new DefinitionReader { GuardFunctions = GuardFunctions };
        var definition = reader.Read(root);
        var problems = reader.Problems.ToList();

        // A misspelt top-level key hides a whole section; checking references against the
        // rest would bury the one real mistake under consequences of it.
        if (!reader.HasTopLevelUnknownKey)
        {
            problems.AddRange(DefinitionValidator.Validate(definition).Where(p => !reader.IsFlagged(p.Path) && !IsConsequence(p, reader.Problems)));
        }

        var locator = new SourceLocator(fileName, text, reader.Locations);
        errors.AddRange(problems.Select(p => p.ToError(locator)));
        errors = [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ThenBy(e => e.Code, StringComparer.Ordinal)];
        return new DefinitionLoadResult(fileName, errors.Count == 0 ? definition : null, errors);
    }

    /// <summary>
    /// Gets whether a validation problem only follows from a problem the reader already reported:
    /// a state whose transitions could not be read makes the graph incomplete, and an unreadable
    /// 'initial' leaves the process without an initial state.
    /// </summary>
    private static bool IsConsequence(DefinitionProblem problem, IReadOnlyList<DefinitionProblem> readerProblems)
        => problem.Code switch
        {
            DefinitionErrorCodes.Unreachable or DefinitionErrorCodes.DeadEnd => readerProblems.Any(r => r.Path.StartsWith("states", StringComparison.Ordinal)),
            DefinitionErrorCodes.InitialState => readerProblems.Any(r => r.Path.EndsWith(".initial", StringComparison.Ordinal)),
            _ => false,
        };

    /// <summary>
    /// Gets one error for a file that holds some other map — sample data, settings — rather than a
    /// definition: neither 'id' nor 'states', nor a key that reads as a typo of them. Listing each of
    /// its keys as unknown would hide what is wrong.
    /// </summary>
    private static DefinitionError? NotADefinition(SourceNode root, string fileName)
    {
        string[] essential = ["id", "states"];
        if (root.Kind != SourceKind.Map || root.Entries.Any(e => essential.Contains(e.Key, StringComparer.Ordinal) || Binder.Suggest(e.Key, essential).Length > 0))
        {
            return null;
        }

        var names = root.Entries.Select(e => e.Key).Distinct(StringComparer.Ordinal).ToList();
        var keys = names.Count == 0 ? "it is empty" : "its keys are " + string.Join(", ", names.Take(6)) + (names.Count > 6 ? $" and {names.Count - 6} more" : string.Empty);
        var name = Path.GetFileName(fileName);
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        return new DefinitionError(
            DefinitionErrorCodes.Missing,
            $"'{name}' is not a process definition: a definition has at least 'id' and 'states', and {keys}. "
            + $"If it belongs beside the definitions (sample data, settings), give it a second extension, such as '{stem}.data{extension}': folders load only NAME{extension} and NAME.vVERSION{extension} files as definitions. Otherwise move it out of the folder.",
            string.Empty,
            fileName,
            root.Line,
            root.Column);
    }

    private static DefinitionLoadResult Failed(string file, string message)
        => new(file, null, [new DefinitionError(DefinitionErrorCodes.Syntax, message, string.Empty, file)]);
}
