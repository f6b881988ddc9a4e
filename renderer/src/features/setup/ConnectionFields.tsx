// The inputs of one system's connection form, generated from its field descriptions, each labelled,
// with help text and its inline validation error. Optional fields that come with a default (timeouts,
// page sizes, the API's base address) sit under "Advanced settings", opened by itself on an error.
import { Button, Checkbox, Collapse, NumberInput, PasswordInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, type Control, type FieldErrors } from 'react-hook-form';
import type { FormField } from '../../../../preload/contract/index.ts';
import { keyOf, type FormValues } from './connectionFormModel.ts';

function errorOf(errors: FieldErrors<FormValues>, key: string): string | undefined {
  const e = errors[key];
  return typeof e?.message === 'string' ? e.message : undefined;
}

export function ConnectionFields({ fields, control, errors, secretsStored }: { fields: FormField[]; control: Control<FormValues>; errors: FieldErrors<FormValues>; secretsStored?: string[] }) {
  const [showAdvanced, setShowAdvanced] = useState(false);
  const indexed = fields.map((f, i) => ({ f, i }));
  const isAdvanced = (f: FormField) => !f.required && f.default !== undefined;
  const primary = indexed.filter(({ f }) => !isAdvanced(f));
  const advanced = indexed.filter(({ f }) => isAdvanced(f));
  const advancedError = advanced.some(({ i }) => errorOf(errors, keyOf(i)));
  const render = ({ f, i }: { f: FormField; i: number }) => <FieldInput key={keyOf(i)} field={f} name={keyOf(i)} control={control} error={errorOf(errors, keyOf(i))} stored={secretsStored?.includes(f.name) ?? false} />;
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="sm">
        <Controller
          name="name"
          control={control}
          render={({ field }) => (
            <TextInput label="Connection name" description="How this connection is called on screen" withAsterisk {...field} value={String(field.value ?? '')} error={errorOf(errors, 'name')} />
          )}
        />
        {primary.map(render)}
      </SimpleGrid>
      {advanced.length > 0 && (
        <>
          <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => setShowAdvanced((v) => !v)} aria-expanded={showAdvanced || advancedError}>
            {showAdvanced || advancedError ? '▾' : '▸'} Advanced settings ({advanced.length})
          </Button>
          <Collapse expanded={showAdvanced || advancedError}>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="sm">
              {advanced.map(render)}
            </SimpleGrid>
          </Collapse>
        </>
      )}
    </Stack>
  );
}

function FieldInput({ field: f, name, control, error, stored }: { field: FormField; name: string; control: Control<FormValues>; error: string | undefined; stored: boolean }) {
  const common = { label: f.label, description: f.help, placeholder: f.placeholder, withAsterisk: f.required, error };
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => {
        switch (f.kind) {
          case 'boolean':
            return <Checkbox mt="lg" label={f.label} description={f.help} checked={Boolean(field.value)} onChange={(e) => field.onChange(e.currentTarget.checked)} onBlur={field.onBlur} ref={field.ref} />;
          case 'number':
            return <NumberInput {...common} value={field.value as number | string} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} ref={field.ref} name={field.name} />;
          case 'select':
            return <Select {...common} data={f.options ?? []} value={String(field.value ?? '') || null} onChange={(v) => field.onChange(v ?? '')} onBlur={field.onBlur} ref={field.ref} name={field.name} />;
          case 'secret':
            return (
              <PasswordInput
                {...common}
                autoComplete="new-password"
                placeholder={stored ? 'stored — leave empty to keep' : f.placeholder}
                value={String(field.value ?? '')}
                onChange={field.onChange}
                onBlur={field.onBlur}
                ref={field.ref}
                name={field.name}
              />
            );
          default:
            return <TextInput {...common} type={f.kind === 'url' ? 'url' : 'text'} spellCheck={false} value={String(field.value ?? '')} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} name={field.name} />;
        }
      }}
    />
  );
}
