using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;
using System.Text.RegularExpressions;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.PublicApi;

/// <summary>
/// The core package is managed code on the BCL only: no unsafe code, platform invoke, function
/// pointers or native memory. The build refuses unsafe code (the core does not allow unsafe
/// blocks); these tests keep it so, once over the sources and once over the compiled assembly.
/// </summary>
public class ManagedCoreTests
{
    // Matched in code, not in comments, so that a comment may say what is avoided and why.
    private static readonly (string Name, Regex Pattern)[] Banned =
    [
        ("unsafe", new Regex(@"\bunsafe\b", RegexOptions.CultureInvariant)),
        ("NativeMemory", new Regex(@"\bNativeMemory\b", RegexOptions.CultureInvariant)),
        ("NativeLibrary", new Regex(@"\bNativeLibrary\b", RegexOptions.CultureInvariant)),
        ("delegate*", new Regex(@"\bdelegate\s*\*", RegexOptions.CultureInvariant)),
        ("DllImport", new Regex(@"\bDllImport", RegexOptions.CultureInvariant)),
        ("LibraryImport", new Regex(@"\bLibraryImport", RegexOptions.CultureInvariant)),
        ("Marshal.", new Regex(@"\bMarshal\s*\.", RegexOptions.CultureInvariant)),
        ("fixed (", new Regex(@"\bfixed\s*\(", RegexOptions.CultureInvariant)),
    ];

    [Fact]
    public void Core_sources_use_no_unsafe_code_platform_invoke_or_native_memory()
    {
        var core = Path.Combine(RepositoryRoot(), "src", "MarketingWorkflows");
        var build = new[] { $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}" };
        var files = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !build.Any(b => f.Contains(b, StringComparison.Ordinal)))
            .ToList();

        var offences = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Code: WithoutLineComment(line))))
            .SelectMany(l => Banned.Where(b => b.Pattern.IsMatch(l.Code)).Select(b => $"{Path.GetRelativePath(core, l.File)}:{l.Line}: {b.Name} in `{l.Code.Trim()}`"))
            .ToList();

        files.Should().NotBeEmpty("the core's sources are found from this file's path");
        offences.Should().BeEmpty("the core package uses the BCL only (SHA256.HashData, managed arrays, Span and BinaryPrimitives)");
    }

    [Fact]
    public void Core_assembly_has_no_platform_invoke_and_no_unverifiable_code()
    {
        var assembly = typeof(InMemoryProcessStore).Assembly;
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        var platformInvokes = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)))
            .Where(m => (m.Attributes & MethodAttributes.PinvokeImpl) != 0 || m.IsDefined(typeof(DllImportAttribute), inherit: false))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToList();
        var unverifiable = assembly.GetModules()
            .Where(m => m.IsDefined(typeof(UnverifiableCodeAttribute), inherit: false))
            .Select(m => m.Name)
            .ToList();

        assembly.GetName().Name.Should().Be("MarketingWorkflows");
        platformInvokes.Should().BeEmpty("the core package calls no native code");
        unverifiable.Should().BeEmpty("the core package is compiled without unsafe code (no AllowUnsafeBlocks)");
    }

    private static string WithoutLineComment(string line)
    {
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? line : line[..comment];
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
