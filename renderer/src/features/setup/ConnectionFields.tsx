// The inputs of one system's connection form, generated from its field descriptions, each labelled,
// with help text and its inline validation error.
import { Checkbox, NumberInput, PasswordInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { Controller, type Control, type FieldErrors } from 'react-hook-form';
import type { FormField } from '../../../../preload/contract/index.ts';
import { keyOf, type FormValues } from './connectionFormModel.ts';

function errorOf(errors: FieldErrors<FormValues>, key: string): string | undefined {
  const e = errors[key];
  return typeof e?.message === 'string' ? e.message : undefined;
}

export function ConnectionFields({ fields, control, errors, secretsStored }: { fields: FormField[]; control: Control<FormValues>; errors: FieldErrors<FormValues>; secretsStored?: string[] }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="sm">
      <Controller
        name="name"
        control={control}
        render={({ field }) => (
          <TextInput label="Connection name" description="How this connection is called on screen" withAsterisk {...field} value={String(field.value ?? '')} error={errorOf(errors, 'name')} />
        )}
      />
      {fields.map((f, i) => {
        const key = keyOf(i);
        const common = { label: f.label, description: f.help, placeholder: f.placeholder, withAsterisk: f.required, error: errorOf(errors, key) };
        return (
          <Controller
            key={key}
            name={key}
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
                      placeholder={secretsStored?.includes(f.name) ? 'stored — leave empty to keep' : f.placeholder}
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
      })}
    </SimpleGrid>
  );
}
