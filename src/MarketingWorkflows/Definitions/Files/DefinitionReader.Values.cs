using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MarketingWorkflows.Expressions.Internal;

namespace MarketingWorkflows.Definitions.Files;

/// <summary>
/// Reads one key of a mapping as a value of the expected shape — text, boolean, number, duration,
/// list or one of a set of words — and reports a missing key or a value of the wrong shape at its
/// position.
/// </summary>
internal sealed partial class DefinitionReader
{
    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private Dictionary<string, SourceEntry> Map(SourceNode node, string path, string[] allowed, string what)
    {
        var entries = new Dictionary<string, SourceEntry>(StringComparer.Ordinal);
        if (node.Kind != SourceKind.Map)
        {
            Problem(DefinitionErrorCodes.WrongShape, path, node, $"{what} must be a map of keys (such as {allowed.First(k => k != "$schema")}: ...), not {node.Describe()}.");
            return entries;
        }

        foreach (var entry in node.Entries)
        {
            var keyPath = Join(path, entry.Key);
            if (!allowed.Contains(entry.Key, StringComparer.Ordinal))
            {
                var suggestion = Binder.Suggest(entry.Key, allowed);
                Problem(DefinitionErrorCodes.UnknownKey, keyPath, entry.KeyNode,
                    $"'{entry.Key}' is not a key here.{(suggestion.Length > 0 ? suggestion : string.Empty)} The keys are: {string.Join(", ", allowed.Where(k => k != "$schema"))}.");
                if (path.Length == 0)
                {
                    HasTopLevelUnknownKey = true;
                }

                continue;
            }

            if (!entries.TryAdd(entry.Key, entry))
            {
                Problem(DefinitionErrorCodes.Duplicate, keyPath, entry.KeyNode, $"The key '{entry.Key}' appears twice; the second would silently replace the first. Keep one.");
                continue;
            }

            _locations[keyPath] = entry.Value;
        }

        return entries;
    }

    private SourceNode? Value(Dictionary<string, SourceEntry> map, string key, string path, bool required)
    {
        if (map.TryGetValue(key, out var entry))
        {
            return entry.Value;
        }

        if (required && _locations.TryGetValue(path, out var owner) && !IsFlagged(path))
        {
            Problem(DefinitionErrorCodes.Missing, Join(path, key), owner, $"'{key}' is missing{(path.Length == 0 ? " from the definition" : $" at {path}")}. Add it.");
        }

        return null;
    }

    private string? Text(Dictionary<string, SourceEntry> map, string key, string path, bool required = false)
    {
        var node = Value(map, key, path, required);
        if (node is null)
        {
            return null;
        }

        if (node.Kind != SourceKind.Scalar || node.IsNull || (node.Text!.Length == 0 && required))
        {
            Problem(DefinitionErrorCodes.WrongShape, Join(path, key), node, $"'{key}' must be a text, not {node.Describe()}.");
            return null;
        }

        return node.Text;
    }

    private bool Boolean(Dictionary<string, SourceEntry> map, string key, string path, bool fallback = false)
    {
        var node = Value(map, key, path, required: false);
        if (node is null)
        {
            return fallback;
        }

        if (node.Kind == SourceKind.Scalar && node.Text is "true" or "false")
        {
            return node.Text == "true";
        }

        Problem(DefinitionErrorCodes.WrongShape, Join(path, key), node, $"'{key}' must be true or false, not {node.Describe()}.");
        return fallback;
    }

    private int? Integer(Dictionary<string, SourceEntry> map, string key, string path)
    {
        var node = Value(map, key, path, required: false);
        if (node is null)
        {
            return null;
        }

        if (node.Kind == SourceKind.Scalar && int.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem(DefinitionErrorCodes.WrongShape, Join(path, key), node, $"'{key}' must be a whole number, not {node.Describe()}.");
        return null;
    }

    private decimal? Decimal(Dictionary<string, SourceEntry> map, string key, string path)
    {
        var node = Value(map, key, path, required: false);
        if (node is null)
        {
            return null;
        }

        if (node.Kind == SourceKind.Scalar && decimal.TryParse(node.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem(DefinitionErrorCodes.WrongShape, Join(path, key), node, $"'{key}' must be a number, not {node.Describe()}.");
        return null;
    }

    private TimeSpan? Duration(SourceNode node, string path, string key)
    {
        if (node.Kind == SourceKind.Scalar && DurationText.TryParse(node.Text, out var value))
        {
            return value;
        }

        Problem(DefinitionErrorCodes.InvalidValue, path, node, $"'{key}' must be a duration such as 3d, 48h, 1d12h or P3D, not {node.Describe()}.");
        return null;
    }

    private IReadOnlyList<string> Texts(Dictionary<string, SourceEntry> map, string key, string path)
    {
        var node = Value(map, key, path, required: false);
        if (node is null)
        {
            return [];
        }

        var at = Join(path, key);
        if (node.Kind == SourceKind.Scalar && !node.IsNull)
        {
            // A single value where a list is expected is read as a list of one.
            return [node.Text!];
        }

        if (node.Kind != SourceKind.List)
        {
            Problem(DefinitionErrorCodes.WrongShape, at, node, $"'{key}' must be a list of texts, not {node.Describe()}.");
            return [];
        }

        var result = new List<string>();
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            _locations[$"{at}[{i}]"] = item;
            if (item.Kind != SourceKind.Scalar || item.IsNull)
            {
                Problem(DefinitionErrorCodes.WrongShape, $"{at}[{i}]", item, $"Each entry of '{key}' must be a text, not {item.Describe()}.");
                result.Add(string.Empty);
            }
            else
            {
                result.Add(item.Text!);
            }
        }

        return result;
    }

    private IReadOnlyList<T> List<T>(Dictionary<string, SourceEntry> map, string key, string path, Func<SourceNode, string, T> read, bool required = false)
    {
        var node = Value(map, key, path, required);
        if (node is null)
        {
            return [];
        }

        var at = Join(path, key);
        if (node.Kind != SourceKind.List)
        {
            var hint = node.Kind == SourceKind.Map ? " Write each entry as a list item starting with '- ' (YAML) or inside [ ] (JSON)." : string.Empty;
            Problem(DefinitionErrorCodes.WrongShape, at, node, $"'{key}' must be a list, not {node.Describe()}.{hint}");
            return [];
        }

        var result = new List<T>();
        for (var i = 0; i < node.Items.Count; i++)
        {
            var itemPath = $"{at}[{i}]";
            _locations[itemPath] = node.Items[i];
            result.Add(read(node.Items[i], itemPath));
        }

        return result;
    }

    private T Choice<T>(Dictionary<string, SourceEntry> map, string key, string path, T fallback, params (string Text, T Value)[] choices)
    {
        var node = Value(map, key, path, required: false);
        if (node is null)
        {
            return fallback;
        }

        foreach (var (text, value) in choices)
        {
            if (node.Kind == SourceKind.Scalar && node.Text == text)
            {
                return value;
            }
        }

        var names = choices.Select(c => c.Text).ToArray();
        var suggestion = node.Text is null ? string.Empty : Binder.Suggest(node.Text, names);
        Problem(DefinitionErrorCodes.InvalidValue, Join(path, key), node, $"'{key}' must be one of {string.Join(", ", names)}, not {node.Describe()}.{suggestion}");
        return fallback;
    }
}
