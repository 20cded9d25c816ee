using System.Numerics.Tensors;
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

    /// <summary>
    /// Rows as bytes scaled to each row's largest component (a single's scale, then one signed byte per dimension):
    /// a quarter of the size, and a cosine moves by less than 0.005 — for the many sentence vectors a row keeps.
    /// </summary>
    public static void WriteScaled(BinaryWriter to, ReadOnlySpan<float> row)
    {
        // MaxMagnitude gives the component of largest magnitude, sign included.
        var scale = Math.Max(Math.Abs(TensorPrimitives.MaxMagnitude(row)), 1e-6f) / 127f;
        to.Write(scale);
        foreach (var x in row) to.Write((sbyte)Math.Round(x / scale));
    }

    public static float[] ReadScaled(BinaryReader from)
    {
        var scale = from.ReadSingle();
        var row = new float[TextEmbedder.Dimensions];
        for (var i = 0; i < row.Length; i++) row[i] = from.ReadSByte() * scale;
        TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        return row;
    }

    /// <summary>Whether stored bytes hold whole rows.</summary>
    public static bool IsRows(byte[]? bytes) => IsRows(bytes?.Length ?? 0);

    /// <summary>Whether this many stored bytes are whole rows.</summary>
    public static bool IsRows(int length) => length > 0 && length % (TextEmbedder.Dimensions * sizeof(float)) == 0;
}
