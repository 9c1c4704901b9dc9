// The controls kit a notebook page uses.
export { RunControls, type RunControlsProps } from './RunControls';
export { NumberField, numberProblem, type NumberFieldProps } from './NumberField';
export { SliderField, type SliderFieldProps } from './SliderField';
export { SelectField, type SelectFieldProps, type SelectOption } from './SelectField';
export { CheckboxField, type CheckboxFieldProps } from './CheckboxField';
export { ListField, type ListFieldProps } from './ListField';
export { ParamField, type ParamFieldProps } from './ParamField';
export { useSpaceToggle, spaceBelongsTo } from './useSpaceToggle';
export type { PageControlsProps } from './PageControlsProps';
export { TrainingRunLine, type TrainingRunLineProps } from './TrainingRunLine';
export { RunMessage } from './RunMessage';
export { ParamFields, type ParamFieldsProps } from './ParamFields';
export { TrainingPanel, type TrainingPanelProps } from './TrainingPanel';
