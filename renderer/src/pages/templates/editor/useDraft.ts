import { App } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignatureView, TemplateView } from '../../../../../shared/templates/contract';
import { errorText, useApi, useEvent } from '../../../context';
import { AUTOSAVE_MS, formOf, type DraftForm, type SaveState } from './draft';

/**
 * The open template and its draft: loads it (or starts an empty one), autosaves edits serialised so the first save
 * of a new template creates exactly one draft, and follows platform-side changes without clobbering unsaved typing.
 */
export function useDraft(id: number | null, signatures: SignatureView[], onBack: () => void) {
  const api = useApi();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [view, setView] = useState<TemplateView | null>(null);
  const [form, setForm] = useState<DraftForm | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [savedAt, setSavedAt] = useState<string>();

  const idRef = useRef<number | null>(id);
  const formRef = useRef<DraftForm | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  // Load, or start a new draft with the first approved signature in the preview.
  useEffect(() => {
    if (id === null) {
      const approved = signatures.find((s) => s.status === 'approved') ?? signatures[0];
      const empty: DraftForm = { name: '', type: 1, typeClass: 'NORMAL', content: '', remark: '', sampleValues: {}, previewSignName: approved?.name ?? '' };
      formRef.current = empty;
      setForm(empty);
      return;
    }
    let alive = true;
    void api
      .call('templates.get', { id })
      .then((loaded) => {
        if (!alive) return;
        setView(loaded);
        formRef.current = formOf(loaded);
        setForm(formOf(loaded));
        setSavedAt(loaded.updatedAt);
        setSaveState('saved');
      })
      .catch((error: unknown) => {
        void message.error(errorText(t, error));
        onBack();
      });
    return () => {
      alive = false;
    };
    // Only on open: later changes arrive through events and saves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  const cancelAutosave = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  const saveNow = useCallback((): Promise<unknown> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const run = chain.current.then(async () => {
      const snapshot = formRef.current;
      if (!snapshot) return;
      setSaveState('saving');
      try {
        const saved = await api.call('templates.save', { id: idRef.current ?? undefined, ...snapshot });
        idRef.current = saved.id;
        setView(saved);
        setSavedAt(saved.updatedAt);
        setSaveState(formRef.current === snapshot ? 'saved' : 'dirty');
      } catch (error) {
        setSaveState('error');
        void message.error(errorText(t, error));
      }
    });
    chain.current = run.catch(() => undefined);
    return run;
  }, [api, message, t]);

  useEffect(
    () => () => {
      // Leaving the editor: write what is still pending.
      if (timer.current) void saveNow();
    },
    [saveNow],
  );

  const update = (patch: Partial<DraftForm>) => {
    const next = { ...(formRef.current as DraftForm), ...patch };
    formRef.current = next;
    setForm(next);
    setSaveState('dirty');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), AUTOSAVE_MS);
  };

  /** A result from main (submit, reconcile) replaces the view; `withText` also replaces the form. */
  const replace = (next: TemplateView, withText = false) => {
    setView(next);
    if (withText) {
      formRef.current = formOf(next);
      setForm(formOf(next));
    }
  };

  useEvent(
    'templates.changed',
    useCallback(
      (event) => {
        if (idRef.current === null) return;
        if (event.deletedId === idRef.current) {
          onBack();
          return;
        }
        if (event.template?.id !== idRef.current || event.cause === 'edited') return;
        setView(event.template);
        // Platform-side changes (import, reconcile) may change the text; never clobber unsaved typing.
        if (!timer.current) {
          formRef.current = formOf(event.template);
          setForm(formOf(event.template));
        }
      },
      [onBack],
    ),
  );

  return { view, form, saveState, savedAt, idRef, update, saveNow, replace, cancelAutosave };
}
