using System.Text;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// An uploaded file made ready to read: a seekable stream (ASP.NET buffers uploads to disk past a small threshold,
/// so the file is never held in memory twice), its text encoding, and its format, both told from the bytes.
/// </summary>
public sealed class ImportSource
{
    static ImportSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Old Windows and Excel exports write accented names in this code page rather than UTF-8.</summary>
    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    const int SniffBytes = 64 * 1024;

    public required Stream Stream { get; init; }
    public required Encoding Encoding { get; init; }
    /// <summary>utf-8, utf-16, utf-32 or windows-1252.</summary>
    public required string EncodingName { get; init; }
    /// <summary>Whether the file begins with BEGIN:VCARD; otherwise it may be CSV (the CSV reader knows which kind).</summary>
    public required bool LooksLikeVCard { get; init; }

    /// <summary>Reads <paramref name="stream"/> through once to tell its encoding, then rewinds it. Null for an empty file.</summary>
    public static async Task<ImportSource?> OpenAsync(Stream stream, CancellationToken ct)
    {
        var head = new byte[4];
        var headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (headLength == 0) return null;
        stream.Position = 0;

        (Encoding encoding, string name) = head.AsSpan(0, headLength) switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, "utf-8"),
            // UTF-32's little-endian mark begins with UTF-16's, so it is told apart first.
            [0xFF, 0xFE, 0x00, 0x00] => (Encoding.UTF32, "utf-32"),
            [0x00, 0x00, 0xFE, 0xFF] => (new UTF32Encoding(bigEndian: true, byteOrderMark: true), "utf-32"),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, "utf-16"),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, "utf-16"),
            // No byte-order mark: UTF-8 unless some byte sequence is not valid UTF-8, which in practice means
            // a Windows-1252 export ("Jos\xE9" is invalid UTF-8 but plain "José" in 1252).
            _ => await IsValidUtf8Async(stream, ct) ? (Encoding.UTF8, "utf-8") : (Windows1252, "windows-1252"),
        };
        stream.Position = 0;

        var sniff = new byte[SniffBytes];
        var read = await stream.ReadAtLeastAsync(sniff, sniff.Length, throwOnEndOfStream: false, ct);
        stream.Position = 0;
        var text = encoding.GetString(sniff, 0, read).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Length == 0) return null;
        return new ImportSource
        {
            Stream = stream,
            Encoding = encoding,
            EncodingName = name,
            LooksLikeVCard = text.StartsWith("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase),
        };
    }

    public TextReader OpenText() => new StreamReader(Stream, Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);

    /// <summary>The formats we read, for the 415 answer.</summary>
    public const string AcceptedFormats =
        "LinkedIn Connections.csv (header First Name,Last Name,URL,Email Address,Company,Position,Connected On), " +
        "Google Contacts CSV (current or older layout), or vCard 2.1/3.0/4.0 (.vcf)";

    static async Task<bool> IsValidUtf8Async(Stream stream, CancellationToken ct)
    {
        // A strict decoder keeps its state across chunks, so a character split between two reads is still valid.
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 4];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(bytes, ct)) > 0)
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
