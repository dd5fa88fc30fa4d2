using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MarketingWorkflows.Definitions.Files;

/// <summary>
/// The one rule for which files of a folder are definitions. A definition file is named
/// <c>NAME.EXT</c> or <c>NAME.vVERSION.EXT</c> (the name the sample host saves an uploaded version
/// under), with an extension the loader reads. A name with any other second extension —
/// <c>campaign-approval.data.json</c>, <c>process-definition.schema.json</c>,
/// <c>campaign-approval.draft.yaml</c> — marks a companion file, which folders skip.
/// </summary>
internal static class DefinitionFileNames
{
    public static bool IsDefinitionFile(string path, IEnumerable<string> extensions)
    {
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(name);
        if (extension.Length == 0 || !extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var stem = name[..^extension.Length];
        var dot = stem.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return stem.Length > 0;
        }

        // One more part is allowed: a version marker such as v2.
        var marker = stem[(dot + 1)..];
        return dot > 0 && marker.Length > 1 && marker[0] == 'v' && marker.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    public static IReadOnlyList<string> Find(string folder, IEnumerable<string> extensions, bool recursive)
    {
        var known = extensions.ToArray();
        return Directory.EnumerateFiles(folder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => IsDefinitionFile(f, known))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
