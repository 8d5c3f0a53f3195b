using System.Runtime.CompilerServices;

// The Azure storage tests run the engine's port and writer tests on Azure (they derive from these test classes).
[assembly: InternalsVisibleTo("ServerlessPds.Storage.Azure.Tests")]
