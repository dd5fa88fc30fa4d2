using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.PublicApi;

/// <summary>
/// The core package is managed code on the BCL only: no unsafe code, platform invoke, function
/// pointers or native memory. The sources are checked by the build: the banned-symbols list
/// (src/BannedSymbols.txt) refuses DllImport, LibraryImport, NativeMemory, NativeLibrary and
/// Marshal, and the compiler refuses unsafe code, fixed and function pointers while the core
/// does not allow unsafe blocks. This test checks what the build produced: no method of the
/// compiled core calls native code, and it was not compiled with unsafe code allowed.
/// </summary>
public class ManagedCoreTests
{
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
}
