import { useCallback, useState } from 'react';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '../../../../shared/uploads/contract';
import { useApiMutation } from '../../query';
import { readFileAsBase64 } from '../../files';

export interface UploadState {
  name: string;
  sent: number;
  total: number;
}

/**
 * Streams a file to main in UPLOAD_CHUNK_BYTES pieces (uploads.begin → append… → finish); main parses it there,
 * so a big file never sits in the UI thread whole.
 */
export function useChunkedUpload() {
  // mutateAsync is stable across renders (TanStack Query), so the callback below keeps its identity.
  const { mutateAsync: begin } = useApiMutation('uploads.begin');
  const { mutateAsync: append } = useApiMutation('uploads.append');
  const { mutateAsync: finish } = useApiMutation('uploads.finish');
  const [state, setState] = useState<UploadState | null>(null);

  const upload = useCallback(
    async (file: File): Promise<string> => {
      if (file.size > MAX_UPLOAD_BYTES) throw new RangeError('too-big');
      setState({ name: file.name, sent: 0, total: file.size });
      try {
        const { uploadId } = await begin({ name: file.name.slice(0, 255) || 'file', size: file.size });
        for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
          const data = await readFileAsBase64(file.slice(offset, offset + UPLOAD_CHUNK_BYTES));
          await append({ uploadId, offset, data });
          setState({ name: file.name, sent: Math.min(file.size, offset + UPLOAD_CHUNK_BYTES), total: file.size });
        }
        await finish({ uploadId });
        return uploadId;
      } finally {
        setState(null);
      }
    },
    [begin, append, finish],
  );
  return { upload, state };
}
