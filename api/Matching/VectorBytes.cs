using System.Runtime.InteropServices;

namespace ContentHelper.Api.Matching;

/// <summary>
/// How Matching stores vectors (an interest phrase's, a remembered article's passages and key phrases): rows of
/// <see cref="TextEmbedder.Dimensions"/> little-endian float32, 1,536 bytes each. Only Matching reads or writes them.
/// </summary>
internal static class VectorBytes
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    public static float[] FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    /// <summary>Whether stored bytes hold whole rows.</summary>
    public static bool IsRows(byte[]? bytes) => bytes is { Length: > 0 } && bytes.Length % (TextEmbedder.Dimensions * sizeof(float)) == 0;
}
