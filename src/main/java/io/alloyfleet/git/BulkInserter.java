package io.alloyfleet.git;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.BasePackIndexWriter;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.transport.PackedObjectInfo;
import org.eclipse.jgit.util.IO;
import org.eclipse.jgit.util.NB;

/**
 * Inserts the many objects of a large render (a full sync of 10,000 clusters writes over 100,000)
 * as one pack, from several threads at once. A loose object costs a file each, and JGit's own pack
 * inserter spends most of its time in SHA-1 collision detection and maximum compression. Here ids
 * are hashed with the JDK's SHA-1 — these are objects we create, not objects received from a
 * remote, which JGit still checks for collisions on every fetch — and compressed at zlib's fastest
 * level, as C git compresses loose objects. Objects can be read once {@link #flush()} has written
 * the pack and its index.
 */
public final class BulkInserter extends ObjectInserter {

  private static final ThreadLocal<MessageDigest> SHA1 =
      ThreadLocal.withInitial(BulkInserter::sha1);
  private static final ThreadLocal<Deflater> DEFLATER =
      ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
  private static final int HEADER = 12;

  private final ObjectDirectory objects;
  private final Map<ObjectId, PackedObjectInfo> written = new HashMap<>();
  private File pack;
  private OutputStream out;
  private long offset;

  public BulkInserter(ObjectDirectory objects) {
    this.objects = objects;
  }

  @Override
  public ObjectId insert(int type, byte[] data, int off, int len) throws IOException {
    MessageDigest sha1 = SHA1.get();
    sha1.update(Constants.encodedTypeString(type));
    sha1.update((byte) ' ');
    sha1.update(Constants.encodeASCII(len));
    sha1.update((byte) 0);
    sha1.update(data, off, len);
    ObjectId id = ObjectId.fromRaw(sha1.digest());
    synchronized (this) {
      if (written.containsKey(id)) {
        return id;
      }
    }
    byte[] header = header(type, len);
    byte[] compressed = deflate(data, off, len);
    CRC32 crc = new CRC32();
    crc.update(header);
    crc.update(compressed);
    synchronized (this) {
      if (!written.containsKey(id)) {
        if (out == null) {
          begin();
        }
        PackedObjectInfo info = new PackedObjectInfo(id);
        info.setOffset(offset);
        info.setCRC((int) crc.getValue());
        out.write(header);
        out.write(compressed);
        offset += header.length + compressed.length;
        written.put(id, info);
      }
    }
    return id;
  }

  @Override
  public ObjectId insert(int type, long len, InputStream in) throws IOException {
    byte[] data = IO.readWholeStream(in, (int) len).array();
    return insert(type, data, 0, (int) len);
  }

  /** Writes the pack and its index and makes their objects readable. */
  @Override
  public synchronized void flush() throws IOException {
    if (out == null) {
      return;
    }
    out.close();
    out = null;
    byte[] checksum;
    try (RandomAccessFile file = new RandomAccessFile(pack, "rw")) {
      byte[] header = new byte[HEADER];
      System.arraycopy(Constants.PACK_SIGNATURE, 0, header, 0, 4);
      NB.encodeInt32(header, 4, 2);
      NB.encodeInt32(header, 8, written.size());
      file.write(header);
      file.seek(0);
      MessageDigest sha1 = sha1();
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = file.read(buffer)) > 0; ) {
        sha1.update(buffer, 0, n);
      }
      checksum = sha1.digest();
      file.write(checksum);
    }
    List<PackedObjectInfo> sorted = new ArrayList<>(written.values());
    sorted.sort(null);
    File index = new File(pack.getPath().replaceAll("\\.pack$", ".idx"));
    try (OutputStream indexOut = new BufferedOutputStream(new FileOutputStream(index))) {
      BasePackIndexWriter.createVersion(indexOut, 2).write(sorted, checksum);
    }
    String name = "pack-" + ObjectId.fromRaw(checksum).name();
    File finalPack = new File(objects.getPackDirectory(), name + ".pack");
    Files.move(pack.toPath(), finalPack.toPath(), StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        index.toPath(),
        new File(objects.getPackDirectory(), name + ".idx").toPath(),
        StandardCopyOption.ATOMIC_MOVE);
    objects.openPack(finalPack);
    pack = null;
    written.clear();
  }

  /** Drops a pack that was never flushed. */
  @Override
  public synchronized void close() {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
      if (pack != null) {
        Files.deleteIfExists(pack.toPath());
        pack = null;
      }
    } catch (IOException e) {
      // nothing refers to an unflushed pack: a leftover temporary file is harmless
    }
  }

  @Override
  public PackParser newPackParser(InputStream in) {
    throw new UnsupportedOperationException("BulkInserter writes its own pack");
  }

  /** Reads objects already in the repository (this inserter's once flushed). */
  @Override
  public ObjectReader newReader() {
    return objects.newReader();
  }

  private void begin() throws IOException {
    objects.getPackDirectory().mkdirs();
    pack = File.createTempFile("bulk_", ".pack", objects.getPackDirectory());
    out = new BufferedOutputStream(new FileOutputStream(pack), 1 << 16);
    out.write(new byte[HEADER]); // the object count is written by flush()
    offset = HEADER;
  }

  private static byte[] header(int type, long length) {
    byte[] header = new byte[16];
    long rest = length >>> 4;
    header[0] = (byte) ((rest > 0 ? 0x80 : 0) | type << 4 | (length & 0x0F));
    int n = 1;
    while (rest > 0) {
      header[n++] = (byte) ((rest >>> 7 > 0 ? 0x80 : 0) | (rest & 0x7F));
      rest >>>= 7;
    }
    return java.util.Arrays.copyOf(header, n);
  }

  private static byte[] deflate(byte[] data, int off, int len) {
    Deflater deflater = DEFLATER.get();
    deflater.reset();
    deflater.setInput(data, off, len);
    deflater.finish();
    byte[] buffer = new byte[Math.max(64, len + len / 8 + 64)];
    int size = 0;
    while (!deflater.finished()) {
      if (size == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
      }
      size += deflater.deflate(buffer, size, buffer.length - size);
    }
    return java.util.Arrays.copyOf(buffer, size);
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
